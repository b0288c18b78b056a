"""Eddy's runtime for python3.x Lambda functions.

Eddy starts this file on the local python3 with AWS's environment (AWS_LAMBDA_RUNTIME_API,
_HANDLER, LAMBDA_TASK_ROOT ...). It loads the handler once, then loops over the Runtime API:
fetch the next invocation, call the handler, post its result or its error, formatted as AWS's
python runtime formats them.
"""

import http.client
import importlib
import json
import logging
import os
import sys
import time
import traceback

API_PREFIX = "/2018-06-01/runtime"
BOOTSTRAP_FILE = os.path.abspath(__file__)


class RuntimeApi:
    """One kept-alive connection to the Runtime API Eddy serves for this instance."""

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self.connection = http.client.HTTPConnection(host, int(port))

    def request(self, method, path, body=None, headers=None):
        self.connection.request(method, API_PREFIX + path, body=body, headers=headers or {})
        response = self.connection.getresponse()
        return response, response.read()

    def next_invocation(self):
        response, body = self.request("GET", "/invocation/next")
        if response.status != 200:
            raise RuntimeError(f"Runtime API answered {response.status} to next: {body!r}")
        return response.headers, body

    def post(self, path, document, error_type=None):
        headers = {"Content-Type": "application/json"}
        if error_type:
            headers["Lambda-Runtime-Function-Error-Type"] = error_type
        self.request("POST", path, body=document, headers=headers)


# The invocation running now, for the logging module's lines ("" before the first one).
current_request_id = ""


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = current_request_id
        return True


def configure_logging():
    """The root logger writes as AWS's python runtime configures it: "[LEVEL]\t<UTC time>\t<request
    id>\t<message>" on stdout. Its level stays WARNING, as in AWS, until the function sets one."""
    handler = logging.StreamHandler(sys.stdout)
    handler.terminator = ""
    formatter = logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
        "%Y-%m-%dT%H:%M:%S",
    )
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(handler)


class CognitoIdentity:
    def __init__(self, document):
        self.cognito_identity_id = document.get("cognitoIdentityId")
        self.cognito_identity_pool_id = document.get("cognitoIdentityPoolId")


class Client:
    def __init__(self, document):
        self.installation_id = document.get("installation_id")
        self.app_title = document.get("app_title")
        self.app_version_name = document.get("app_version_name")
        self.app_version_code = document.get("app_version_code")
        self.app_package_name = document.get("app_package_name")


class ClientContext:
    def __init__(self, document):
        self.client = Client(document.get("client") or {})
        self.custom = document.get("custom")
        self.env = document.get("env")


class LambdaContext:
    """AWS's context object: what a handler learns about its invocation."""

    def __init__(self, request_id, deadline_ms, invoked_function_arn, identity, client_context):
        self.aws_request_id = request_id
        self.invoked_function_arn = invoked_function_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = CognitoIdentity(identity) if identity is not None else None
        self.client_context = ClientContext(client_context) if client_context is not None else None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)


class InitError(Exception):
    def __init__(self, error_type, message, stack_trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.stack_trace = stack_trace or []


def user_frames(tb):
    """The traceback without this bootstrap's own frames, as AWS's stackTrace lists it."""
    frames = [frame for frame in traceback.extract_tb(tb) if frame.filename != BOOTSTRAP_FILE]
    return traceback.format_list(frames)


def error_document(error, request_id):
    return {
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "requestId": request_id,
        "stackTrace": user_frames(error.__traceback__),
    }


def log_error(document):
    lines = [f"[ERROR] {document['errorType']}: {document['errorMessage']}"]
    if document.get("stackTrace"):
        lines.append("Traceback (most recent call last):")
        lines.extend(line.rstrip("\n") for line in document["stackTrace"])
    print("\n".join(lines), file=sys.stderr, flush=True)


def load_handler(handler_name):
    try:
        module_path, function_name = handler_name.rsplit(".", 1)
    except ValueError as e:
        raise InitError("Runtime.MalformedHandlerName", f"Bad handler '{handler_name}': {e}")
    module_name = module_path.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        raise InitError("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {e}")
    except SyntaxError as e:
        raise InitError(
            "Runtime.UserCodeSyntaxError",
            f"Syntax error in module '{module_name}': {e}",
            user_frames(e.__traceback__),
        )
    except Exception as e:
        raise InitError(type(e).__name__, str(e), user_frames(e.__traceback__))
    handler = getattr(module, function_name, None)
    if handler is None:
        raise InitError(
            "Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'"
        )
    return handler


def point_old_botocore_at_endpoint():
    """botocore learnt AWS_ENDPOINT_URL in 1.31: before it, make clients default to Eddy."""
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        return
    try:
        import botocore
    except ImportError:
        return
    version = tuple(int(part) for part in botocore.__version__.split(".")[:2] if part.isdigit())
    if version >= (1, 31):
        return
    import botocore.session

    create_client = botocore.session.Session.create_client

    def create_client_at_endpoint(self, *args, **kwargs):
        # endpoint_url is create_client's sixth parameter (after service_name ... verify).
        if len(args) < 6 and kwargs.get("endpoint_url") is None:
            kwargs["endpoint_url"] = endpoint
        return create_client(self, *args, **kwargs)

    botocore.session.Session.create_client = create_client_at_endpoint


def warn_on_version_mismatch():
    wanted = os.environ.get("AWS_EXECUTION_ENV", "").removeprefix("AWS_Lambda_python")
    local = f"{sys.version_info.major}.{sys.version_info.minor}"
    if wanted and wanted != local:
        print(
            f"eddy: runtime python{wanted} runs on the local Python {local} "
            f"({sys.executable})",
            file=sys.stderr,
            flush=True,
        )


def header_json(headers, name):
    text = headers.get(name)
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def invoke(api, handler, headers, body):
    global current_request_id
    request_id = headers.get("Lambda-Runtime-Aws-Request-Id", "")
    current_request_id = request_id
    context = LambdaContext(
        request_id,
        int(headers.get("Lambda-Runtime-Deadline-Ms", "0")),
        headers.get("Lambda-Runtime-Invoked-Function-Arn"),
        header_json(headers, "Lambda-Runtime-Cognito-Identity"),
        header_json(headers, "Lambda-Runtime-Client-Context"),
    )
    trace_id = headers.get("Lambda-Runtime-Trace-Id")
    if trace_id:
        os.environ["_X_AMZN_TRACE_ID"] = trace_id
    else:
        os.environ.pop("_X_AMZN_TRACE_ID", None)
    try:
        event = json.loads(body) if body else None
        result = handler(event, context)
    except Exception as e:
        document = error_document(e, request_id)
        log_error(document)
        api.post(f"/invocation/{request_id}/error", json.dumps(document), document["errorType"])
        return
    try:
        payload = json.dumps(result)
    except (TypeError, ValueError, OverflowError) as e:
        document = {
            "errorMessage": f"Unable to marshal response: {e}",
            "errorType": "Runtime.MarshalError",
            "requestId": request_id,
            "stackTrace": [],
        }
        log_error(document)
        api.post(f"/invocation/{request_id}/error", json.dumps(document), document["errorType"])
        return
    api.post(f"/invocation/{request_id}/response", payload)


def main():
    api = RuntimeApi(os.environ["AWS_LAMBDA_RUNTIME_API"])
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    sys.path.insert(0, task_root)
    configure_logging()
    warn_on_version_mismatch()
    point_old_botocore_at_endpoint()
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except InitError as e:
        document = {
            "errorMessage": e.message,
            "errorType": e.error_type,
            "requestId": "",
            "stackTrace": e.stack_trace,
        }
        log_error(document)
        api.post("/init/error", json.dumps(document), e.error_type)
        sys.exit(1)
    while True:
        headers, body = api.next_invocation()
        invoke(api, handler, headers, body)


if __name__ == "__main__":
    main()
