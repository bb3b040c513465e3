"""The Kubernetes manifests validate against the Kubernetes API schema (kubernetes-validate),
and they, compose.yaml and the Containerfile keep the rules of the image: non-root, read-only
root filesystem, migrations as their own step, probes on /livez and /readyz, no CronJob."""

import shutil
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from kaaring.ops.tests.server import ROOT

K8S = ROOT / "deploy" / "k8s"
KUBERNETES_VERSION = "1.33.0"


def _documents() -> list[tuple[Path, dict[str, Any]]]:
    found = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        found += [(path, doc) for doc in yaml.safe_load_all(path.read_text()) if doc]
    return found


def _pods(kind: str | None = None) -> list[dict[str, Any]]:
    return [
        doc["spec"]["template"]["spec"]
        for _, doc in _documents()
        if doc["kind"] in {"Deployment", "Job"} and (kind is None or doc["kind"] == kind)
    ]


@pytest.mark.parametrize(
    ("path", "doc"), _documents(), ids=lambda v: v.name if isinstance(v, Path) else v["kind"]
)
def test_each_manifest_is_valid_kubernetes(path: Path, doc: dict[str, Any]) -> None:
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_the_kustomization_lists_every_manifest() -> None:
    listed = yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"]
    assert sorted(listed) == sorted(p.name for p in K8S.glob("*.yaml") if p.stem != "kustomization")


def test_the_setup_has_what_a_deployment_needs_and_no_cronjob() -> None:
    kinds = [doc["kind"] for _, doc in _documents()]

    for kind in ("Deployment", "Service", "HorizontalPodAutoscaler", "Job", "ConfigMap"):
        assert kind in kinds
    assert "CronJob" not in kinds
    commands = {
        doc["metadata"]["name"]: doc["spec"]["template"]["spec"]["containers"][0].get("command")
        for _, doc in _documents()
        if doc["kind"] in {"Deployment", "Job"}
    }
    assert commands == {
        "kaaring-migrate": ["python", "manage.py", "migrate", "--no-input"],
        "kaaring-web": None,  # the image's CMD: gunicorn
        "kaaring-worker": ["python", "manage.py", "db_worker"],
        "kaaring-scheduler": ["python", "manage.py", "scheduler"],
    }


def test_every_pod_is_non_root_on_a_read_only_root_filesystem() -> None:
    for pod in _pods():
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["runAsUser"] != 0
        for container in pod["containers"]:
            assert container["securityContext"]["readOnlyRootFilesystem"] is True
            assert container["securityContext"]["allowPrivilegeEscalation"] is False
            mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
            assert mounts["/tmp"] == "tmp"  # noqa: S108 - an emptyDir, not a shared /tmp


def test_web_pods_are_probed_on_livez_and_readyz() -> None:
    [web] = [doc for _, doc in _documents() if doc["metadata"]["name"] == "kaaring-web"
             and doc["kind"] == "Deployment"]  # fmt: skip
    container = web["spec"]["template"]["spec"]["containers"][0]

    assert container["livenessProbe"]["httpGet"]["path"] == "/livez"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["startupProbe"]["httpGet"]["path"] == "/livez"


def test_compose_runs_the_five_services_and_migrates_first() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]

    assert set(services) == {"postgres", "redis", "migrate", "web", "worker", "scheduler"}
    for name in ("web", "worker", "scheduler"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    for name in ("migrate", "web", "worker", "scheduler"):
        assert services[name]["read_only"] is True
        assert services[name]["user"] != "0"
    assert services["migrate"]["command"][-2:] == ["migrate", "--no-input"]


def test_the_containerfile_runs_as_a_user_and_never_migrates_by_itself() -> None:
    text = (ROOT / "Containerfile").read_text()
    final_stage = text.rsplit("\nFROM ", 1)[1]

    assert "\nUSER 10001:10001\n" in final_stage
    cmd = next(line for line in final_stage.splitlines() if line.startswith("CMD "))
    assert "gunicorn" in cmd
    assert "migrate" not in cmd
    assert "collectstatic" in text.rsplit("\nFROM ", 1)[0]


@pytest.mark.skipif(shutil.which("haproxy") is None, reason="Debian's haproxy is not installed")
def test_the_haproxy_example_is_valid_and_checks_readyz() -> None:
    config = ROOT / "deploy" / "haproxy.cfg"
    done = subprocess.run(  # noqa: S603 - Debian's haproxy, checking our file
        ["haproxy", "-c", "-f", str(config)],  # noqa: S607
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stdout + done.stderr
    assert "http-check send meth GET uri /readyz" in config.read_text()
