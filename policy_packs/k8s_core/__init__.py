"""k8s_core: Kubernetes workload security, RBAC and hygiene rules."""
