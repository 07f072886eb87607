"""The pre-commit hook, end to end, with the real `pre-commit` package (the `test` extra).

A temporary git repository stages a bad org file; `pre-commit try-repo` runs this checkout's
`orglint` hook on it (as the git hook would on commit) and fails with the finding; the fixed file
passes and commits. pre-commit installs the hook from the hook repository into its own virtualenv
(pip from PyPI: the only network this test needs).

`try-repo` on a local path uses the repository's committed HEAD plus tracked modifications; it
leaves out untracked files (pre_commit/commands/try_repo.py: `git add -u`). So that the test checks
this working tree exactly — committed or not — it runs try-repo on a snapshot: every tracked and
untracked, not ignored file of this checkout, committed to a scratch repository. On a clean
checkout (CI) the snapshot equals HEAD.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT, SAMPLES

GOOD = (SAMPLES / "004-small.yaml").read_text(encoding="utf-8")
# A group without a lead: CLR-06, a warning, and the project's config fails on warnings.
BAD = GOOD.replace(
    "    kind: post\n    parent: ops\n    lead: 周洁\n", "    kind: group\n    parent: ops\n"
)
ENV = {
    **{k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PRE_COMMIT_HOME")},
    "GIT_AUTHOR_NAME": "orglint tests",
    "GIT_AUTHOR_EMAIL": "tests@orglint.invalid",
    "GIT_COMMITTER_NAME": "orglint tests",
    "GIT_COMMITTER_EMAIL": "tests@orglint.invalid",
    "LANG": "C.UTF-8",
}


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )


def _git(*args: str, cwd: Path) -> str:
    done = _run(
        "git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args, cwd=cwd
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _snapshot(dest: Path) -> Path:
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    _git("init", "-q", cwd=dest)
    _git("add", "-A", cwd=dest)
    _git("commit", "-q", "-m", "snapshot of the orglint checkout", cwd=dest)
    return dest


def _try_hook(hook_repo: Path, project: Path) -> subprocess.CompletedProcess[str]:
    return _run(
        sys.executable,
        "-m",
        "pre_commit",
        "try-repo",
        hook_repo,
        "orglint",
        "--color",
        "never",
        cwd=project,
    )


def test_hook_fails_on_a_bad_org_file_and_passes_once_fixed(tmp_path: Path) -> None:
    assert (ROOT / ".pre-commit-hooks.yaml").is_file()
    hook_repo = _snapshot(tmp_path / "hook")
    project = tmp_path / "project"
    (project / "teams").mkdir(parents=True)
    _git("init", "-q", cwd=project)
    (project / ".orglint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    (project / "teams" / "org.yaml").write_text(BAD, encoding="utf-8")
    (project / "README.md").write_text("not an org file\n", encoding="utf-8")
    _git("add", "-A", cwd=project)

    failed = _try_hook(hook_repo, project)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "teams/org.yaml:31:5: CLR-06 [warning] unit '客服' (cs) has no lead" in failed.stdout
    assert "Failed" in failed.stdout

    (project / "teams" / "org.yaml").write_text(GOOD, encoding="utf-8")
    _git("add", "-A", cwd=project)
    passed = _try_hook(hook_repo, project)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    _git("commit", "-q", "-m", "org design", cwd=project)
