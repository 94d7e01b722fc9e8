# The redis user and group get fixed ids (999, as in the official image)
# before the package would make them with whatever id is free.
groupadd --system --gid 999 redis
useradd --system --gid redis --uid 999 --home-dir /var/lib/redis --shell /usr/sbin/nologin redis
