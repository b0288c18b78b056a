"""The user's guide works as written. Every ```sh, ```python and ```js block in README.md and
docs/ that is marked `<!-- snippet: run -->` on the line before it runs, in the order written,
against a fresh eddy per document, on a machine with no AWS configuration: HOME is an empty
directory, no AWS_* variable is inherited, so a snippet that forgets its credentials, region or
endpoint fails here as it would for a newcomer. The one liberty taken: the documented address
`127.0.0.1:4566` (or `localhost:4566`) is rewritten to the test server's free port.

Blocks of one document share their environment (what a shell block exports, later blocks see) and
a working directory, as they would in one terminal. A block exiting non-zero fails the document.
Blocks not meant to run (`make run`, Docker, output listings) say so with
`<!-- snippet: skip: why -->`; in the guide's own pages every block carries one marker or the
other, so no command reaches the docs untried."""

import os
import re
import subprocess
import sys
import tempfile
import unittest

from eddy_harness import SOURCE_DIR, EddyProcess

# The pages this test holds to "every block is marked". Other pages (docs/docker.md ...) may opt
# blocks in with the same marker.
GUIDE_PAGES = [
    "README.md",
    "docs/README.md",
    "docs/clients.md",
    "docs/configuration.md",
    "docs/persistence.md",
    "docs/lambda-execution.md",
    "docs/embedding.md",
    "docs/services/sqs.md",
    "docs/services/sns.md",
    "docs/services/iam.md",
    "docs/services/sts.md",
    "docs/services/dynamodb.md",
    "docs/services/kinesis.md",
    "docs/services/lambda.md",
]
RUNNABLE_LANGUAGES = {"sh": "sh", "bash": "sh", "python": "python", "js": "js", "javascript": "js"}
FENCE = re.compile(r"^```(\S*)\s*$")
RUN_MARKER = re.compile(r"^<!--\s*snippet:\s*run\s*-->$")
SKIP_MARKER = re.compile(r"^<!--\s*snippet:\s*skip:\s*\S.*-->$")
DOCUMENTED_ADDRESS = re.compile(r"(127\.0\.0\.1|localhost):4566\b")
BLOCK_TIMEOUT_SECONDS = 60
# Each service page's "## Operations" section lists what these service folders implement.
SERVICE_PAGES = {
    "docs/services/sqs.md": ["sqs"],
    "docs/services/sns.md": ["sns"],
    "docs/services/iam.md": ["iam"],
    "docs/services/sts.md": ["sts"],
    "docs/services/dynamodb.md": ["dynamodb", "dynamodbstreams"],
    "docs/services/kinesis.md": ["kinesis"],
    "docs/services/lambda.md": ["lambda"],
}
OPERATION_NAME = re.compile(r"`([A-Z][A-Za-z0-9]+)`")
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")


class Block:
    def __init__(self, page, line, language, text, marker):
        self.page, self.line, self.language, self.text, self.marker = (
            page, line, language, text, marker)

    def where(self):
        return f"{self.page}:{self.line}"


def blocks_of(page):
    """The fenced blocks of one Markdown page, each with the marker on the line before it."""
    with open(os.path.join(SOURCE_DIR, page), encoding="utf-8") as f:
        lines = f.read().splitlines()
    blocks, index = [], 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        start = index
        index += 1
        body = []
        while index < len(lines) and not lines[index].startswith("```"):
            body.append(lines[index])
            index += 1
        index += 1  # the closing fence
        previous = lines[start - 1].strip() if start > 0 else ""
        marker = "run" if RUN_MARKER.match(previous) else "skip" if SKIP_MARKER.match(previous) else None
        blocks.append(Block(page, start + 1, opening.group(1), "\n".join(body) + "\n", marker))
    return blocks


def pages_with_snippets():
    """The guide's pages plus any other page under docs/ (or an example's README) that exists."""
    pages = [p for p in GUIDE_PAGES if os.path.exists(os.path.join(SOURCE_DIR, p))]
    for root, _, files in os.walk(os.path.join(SOURCE_DIR, "docs")):
        for name in sorted(files):
            page = os.path.relpath(os.path.join(root, name), SOURCE_DIR)
            if name.endswith(".md") and page not in pages:
                pages.append(page)
    return pages


def clean_environment(home):
    """The environment of a machine with no AWS configuration, whatever this one has."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "EDDY_"))}
    # The interpreter's own directory first: the same aws and python3, without pyenv's shims.
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    env.update(HOME=home, AWS_CONFIG_FILE=os.path.join(home, ".aws", "config"),
               AWS_SHARED_CREDENTIALS_FILE=os.path.join(home, ".aws", "credentials"),
               # Only for speed: with no credentials, the CLI would ask the EC2 metadata
               # service, which a laptop refuses at once but this network lets time out.
               AWS_EC2_METADATA_DISABLED="true")
    return env


def implemented_operations(service_folder):
    """The operations a service's code dispatches: its OperationTable and any REST routes."""
    folder = os.path.join(SOURCE_DIR, "lib", "services", service_folder)
    operations = set()
    for root, _, files in os.walk(folder):
        for name in files:
            if not name.endswith(".cpp"):
                continue
            with open(os.path.join(root, name), encoding="utf-8") as f:
                text = f.read()
            for table in re.findall(r"OperationTable<\w+> table\{(.*?)\n  \};", text, re.S):
                operations |= set(re.findall(r'\{"(\w+)", &', table))
            operations |= set(re.findall(r'\{\.method = "[A-Z]+",\s*\.path = \w+,\s*'
                                         r'\.operation = "(\w+)"', text))
    return operations


def documented_operations(page):
    """(supported, unsupported): the operations a page's "## Operations" section names before
    and after its "Not supported" / "Every other" paragraph."""
    with open(os.path.join(SOURCE_DIR, page), encoding="utf-8") as f:
        section = f.read().split("\n## Operations\n", 1)[1].split("\n## ", 1)[0]
    parts = re.split(r"\n(?:Not supported|Every other)", section, maxsplit=1)
    supported, unsupported = parts if len(parts) == 2 else (parts[0], "")
    return set(OPERATION_NAME.findall(supported)), set(OPERATION_NAME.findall(unsupported))


class SnippetRunner:
    """Runs one page's blocks in order, as one terminal session would."""

    def __init__(self, endpoint, workdir):
        self.address = endpoint.split("://", 1)[1]
        self.workdir = workdir
        self.env = clean_environment(workdir)
        # ES modules resolve packages from the importing file's directory upwards.
        os.symlink(os.path.join(SOURCE_DIR, "node_modules"), os.path.join(workdir, "node_modules"))
        self.state_file = os.path.join(workdir, ".snippet-env")

    def run(self, block):
        text = DOCUMENTED_ADDRESS.sub(self.address, block.text)
        kind = RUNNABLE_LANGUAGES[block.language]
        if kind == "sh":
            # The block's exports carry over to later blocks, as in one terminal.
            script = f"set -eo pipefail\n{text}\nenv -0 > {self.state_file}\n"
            command = ["bash", "-c", script]
        elif kind == "python":
            path = os.path.join(self.workdir, f"snippet_{block.line}.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            command = [sys.executable, path]
        else:
            path = os.path.join(self.workdir, f"snippet_{block.line}.mjs")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            command = ["node", path]
        result = subprocess.run(command, cwd=self.workdir, env=self.env, capture_output=True,
                                text=True, timeout=BLOCK_TIMEOUT_SECONDS)
        if kind == "sh" and result.returncode == 0:
            with open(self.state_file, encoding="utf-8") as f:
                pairs = [entry.split("=", 1) for entry in f.read().split("\0") if "=" in entry]
            self.env = {name: value for name, value in pairs}
        return result


class DocsSnippetsTest(unittest.TestCase):
    def test_every_block_of_the_guide_says_whether_it_runs(self):
        unmarked = [
            b.where() for page in GUIDE_PAGES if os.path.exists(os.path.join(SOURCE_DIR, page))
            for b in blocks_of(page)
            if b.language in RUNNABLE_LANGUAGES and b.marker is None
        ]
        self.assertEqual(unmarked, [], "mark each block <!-- snippet: run --> or "
                         "<!-- snippet: skip: why -->")

    def test_the_guide_has_runnable_snippets(self):
        # Guards the parser: a change that stopped finding blocks would make every page pass.
        readme = [b for b in blocks_of("README.md") if b.marker == "run"]
        self.assertGreaterEqual(len([b for b in readme if b.language == "sh"]), 2)
        self.assertGreaterEqual(len([b for b in readme if b.language == "python"]), 1)
        for page in GUIDE_PAGES:
            self.assertTrue(os.path.exists(os.path.join(SOURCE_DIR, page)), page)

    def test_service_pages_list_exactly_the_operations_the_code_implements(self):
        for page, folders in SERVICE_PAGES.items():
            implemented = set().union(*(implemented_operations(f) for f in folders))
            self.assertGreater(len(implemented), 2, folders)  # the code was found and parsed
            supported, unsupported = documented_operations(page)
            self.assertEqual(supported, implemented, page)
            self.assertEqual(unsupported & implemented, set(), f"{page} calls these unsupported")

    def test_links_between_pages_resolve(self):
        broken = []
        for page in GUIDE_PAGES:
            with open(os.path.join(SOURCE_DIR, page), encoding="utf-8") as f:
                text = f.read()
            for target in MARKDOWN_LINK.findall(text):
                if re.match(r"[a-z]+://", target):
                    continue
                path, _, anchor = target.partition("#")
                resolved = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
                if not os.path.exists(os.path.join(SOURCE_DIR, resolved)):
                    broken.append(f"{page}: {target}")
                    continue
                if anchor and resolved.endswith(".md"):
                    with open(os.path.join(SOURCE_DIR, resolved), encoding="utf-8") as f:
                        anchors = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-")
                                   for h in re.findall(r"^#+ (.+)$", f.read(), re.M)}
                    if anchor not in anchors:
                        broken.append(f"{page}: {target}")
        self.assertEqual(broken, [])

    def test_a_failing_snippet_fails(self):
        # The runner itself: a block that exits non-zero is reported, and exports carry over.
        with EddyProcess() as eddy, tempfile.TemporaryDirectory() as workdir:
            runner = SnippetRunner(eddy.endpoint, workdir)
            exported = runner.run(Block("t", 1, "sh", "export READING=71\n", "run"))
            self.assertEqual(exported.returncode, 0, exported.stderr)
            carried = runner.run(Block("t", 2, "sh", 'test "$READING" = 71\n', "run"))
            self.assertEqual(carried.returncode, 0, carried.stderr)
            uncredentialed = runner.run(Block("t", 3, "sh", (
                "aws --endpoint-url http://127.0.0.1:4566 --region us-east-1 sqs list-queues\n"),
                "run"))
            self.assertNotEqual(uncredentialed.returncode, 0)
            self.assertIn("credentials", uncredentialed.stderr)


def page_test(page):
    def test(self):
        blocks = runnable_blocks(page)
        with EddyProcess() as eddy, tempfile.TemporaryDirectory() as workdir:
            runner = SnippetRunner(eddy.endpoint, workdir)
            for block in blocks:
                result = runner.run(block)
                self.assertEqual(
                    result.returncode, 0,
                    f"{block.where()} failed:\n{block.text}\nstdout:\n{result.stdout}\n"
                    f"stderr:\n{result.stderr}")

    return test


def runnable_blocks(page):
    return [b for b in blocks_of(page) if b.marker == "run" and b.language in RUNNABLE_LANGUAGES]


for _page in pages_with_snippets():
    if not runnable_blocks(_page):
        continue
    _name = "test_snippets_of_" + re.sub(r"\W", "_", _page.removesuffix(".md"))
    setattr(DocsSnippetsTest, _name, page_test(_page))

if __name__ == "__main__":
    unittest.main()
