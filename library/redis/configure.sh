# /data: the working directory, where redis-server writes dump.rdb and the
# append-only files (the image's volume), owned by redis.
install -d -o redis -g redis -m 0755 /data
