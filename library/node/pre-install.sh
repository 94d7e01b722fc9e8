# The unprivileged `node` user of the official image (uid and gid 1000, a home
# directory), for `docker run --user node` and `USER node` in a Dockerfile.
groupadd --gid 1000 node
useradd --uid 1000 --gid node --shell /bin/bash --create-home node
