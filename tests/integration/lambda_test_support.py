"""Helpers the Lambda integration tests share: zips built in the test, a function factory."""

import io
import zipfile

ROLE = "arn:aws:iam::000000000000:role/lambda-role"


def make_zip(files=None):
    """A deployment package holding `files` ({name: text}); a small handler by default."""
    files = files or {"app.py": "def handler(event, context):\n    return event\n"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def create_function(client, name, zip_bytes=None, **extra):
    params = {
        "FunctionName": name,
        "Runtime": "python3.12",
        "Role": ROLE,
        "Handler": "app.handler",
        "Code": {"ZipFile": zip_bytes or make_zip()},
    }
    params.update(extra)
    return client.create_function(**params)
