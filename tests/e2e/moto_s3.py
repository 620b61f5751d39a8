"""A local S3 + DynamoDB endpoint (moto's server) for the `s3` backend tests.

Runs as its own process on 127.0.0.1 and a free port, and is stopped by its own pid.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.e2e.local_server import free_port, wait_until_listening

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "railyard-test",
    "AWS_SECRET_ACCESS_KEY": "railyard-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@contextmanager
def moto_server(bucket: str, lock_table: str) -> Iterator[str]:
    """Start moto; create the state bucket and the lock table; yield the endpoint URL."""
    boto3 = pytest.importorskip("boto3")
    pytest.importorskip("moto.server")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_until_listening(server, port, "moto")
        session = boto3.session.Session(
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            region_name=CREDENTIALS["AWS_DEFAULT_REGION"],
        )
        session.client("s3", endpoint_url=endpoint).create_bucket(Bucket=bucket)
        session.client("dynamodb", endpoint_url=endpoint).create_table(
            TableName=lock_table,
            KeySchema=[{"AttributeName": "LockID", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "LockID", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        yield endpoint
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
