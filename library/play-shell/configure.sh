# A playground instance is a Docker host through its namespace's socket: the
# shell needs the docker client only. docker.io brings the daemon, containerd
# and runc along (package dependencies): drop them, nothing here runs them.
rm -f /usr/sbin/dockerd /usr/sbin/docker-proxy /usr/sbin/ovrouter /usr/bin/dnet /usr/bin/docker-init \
  /usr/bin/containerd /usr/bin/containerd-shim /usr/bin/containerd-shim-runc-v1 /usr/bin/containerd-shim-runc-v2 \
  /usr/bin/ctr /usr/sbin/runc /usr/bin/runc
docker --version
node --version
