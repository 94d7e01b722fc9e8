/*
 * quai-attach: the bridge between the daemon (Node, which can open neither
 * SOCK_SEQPACKET sockets nor receive file descriptors) and a container's
 * terminal or stdio. The daemon spawns one per attached client and pipes
 * the client's connection to this program's stdin/stdout.
 *
 *   quai-attach attach SOCKET [--mux] [--no-stdout] [--no-stderr] [--no-stdin]
 *                             [--stdin-pipe PATH]
 *       Connects to conmon's attach socket (SOCK_SEQPACKET). Each packet
 *       conmon sends is one byte of stream (2 stdout, 3 stderr) + data; it
 *       goes to stdout as is (raw, TTY) or behind Docker's 8-byte header
 *       (--mux). Prints "ready\n" on fd 3 once connected. What arrives on
 *       stdin goes to the container's stdin; EOF on stdin becomes
 *       shutdown(SHUT_WR), on which conmon closes the container's stdin
 *       (unless it runs with --leave-stdin-open).
 *       conmon drops stdin it cannot write at once (a full pipe), so bulk
 *       input goes straight into the container's stdin pipe when the daemon
 *       names it (--stdin-pipe /proc/PID/fd/0); the socket then only
 *       carries the EOF, after our own end of the pipe is closed.
 *
 *   quai-attach console SOCKET
 *       Listens on SOCKET for `crun exec --tty --console-socket SOCKET`,
 *       receives the pty master (SCM_RIGHTS) and bridges it with stdin and
 *       stdout. Prints "ready\n" on fd 3 once listening; lines "H W\n" read
 *       from fd 3 resize the terminal.
 *
 * Exit: 0 when the other side ended (container or process gone), 1 on error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#define BUF 65536
/* conmon reads a packet into a 32 KiB buffer; smaller packets never truncate. */
#define PACKET 8192

static int opt_mux = 0, opt_stdout = 1, opt_stderr = 1, opt_stdin = 1;
static const char *opt_stdin_pipe = NULL;

static void die(const char *what) {
  fprintf(stderr, "quai-attach: %s: %s\n", what, strerror(errno));
  exit(1);
}

static int write_all(int fd, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t w = write(fd, buf, len);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        struct pollfd p = {fd, POLLOUT, 0};
        poll(&p, 1, -1);
        continue;
      }
      return -1;
    }
    buf += w;
    len -= (size_t)w;
  }
  return 0;
}

/* A unix address for PATH of any length: through /proc/self/fd of its dir. */
static int unix_addr(const char *path, struct sockaddr_un *addr, int *dirfd) {
  memset(addr, 0, sizeof(*addr));
  addr->sun_family = AF_UNIX;
  *dirfd = -1;
  if (strlen(path) < sizeof(addr->sun_path)) {
    strcpy(addr->sun_path, path);
    return 0;
  }
  char dir[4096];
  const char *slash = strrchr(path, '/');
  if (!slash || (size_t)(slash - path) >= sizeof(dir)) return -1;
  memcpy(dir, path, (size_t)(slash - path));
  dir[slash - path] = 0;
  *dirfd = open(dir[0] ? dir : "/", O_PATH | O_CLOEXEC);
  if (*dirfd < 0) return -1;
  snprintf(addr->sun_path, sizeof(addr->sun_path), "/proc/self/fd/%d/%s", *dirfd, slash + 1);
  return 0;
}

/* Pending bytes from our stdin not yet accepted by the other side. */
struct pending { char buf[BUF]; size_t off, len; };

/* Read stdin (when nothing is pending) and push it to fd in chunks of at most max. */
static int pump_in(int fd, struct pending *p, size_t max, int packet) {
  while (p->off < p->len) {
    size_t n = p->len - p->off;
    if (n > max) n = max;
    ssize_t w = packet ? send(fd, p->buf + p->off, n, MSG_DONTWAIT | MSG_NOSIGNAL) : write(fd, p->buf + p->off, n);
    if (w < 0) {
      if (errno == EAGAIN || errno == EINTR) return 0;
      return -1;
    }
    p->off += (size_t)w;
  }
  p->off = p->len = 0;
  return 0;
}

/*
 * Output waiting for our stdout. conmon writes to attach sockets without
 * waiting: when a socket is full it shuts it down and the client loses the
 * rest. So the socket is always drained into this queue, and stdout is
 * written as it accepts. While the queue holds more than QUEUE_PAUSE bytes no
 * more stdin is read, which paces filters such as `cat` to the client;
 * a container that writes faster than its client reads on its own gets up to
 * QUEUE_MAX bytes of slack, beyond which output is dropped as conmon would.
 */
#define QUEUE_PAUSE (1 << 20)
#define QUEUE_MAX (256 << 20)
struct queue { char *data; size_t start, end, cap; int dropped; };

static void queue_put(struct queue *q, const void *data, size_t len) {
  if (q->end - q->start + len > QUEUE_MAX) {
    if (!q->dropped) fprintf(stderr, "quai-attach: client too slow, output dropped\n");
    q->dropped = 1;
    return;
  }
  if (q->end + len > q->cap) {
    memmove(q->data, q->data + q->start, q->end - q->start);
    q->end -= q->start;
    q->start = 0;
  }
  if (q->end + len > q->cap) {
    size_t cap = q->cap ? q->cap : BUF;
    while (cap < q->end + len) cap *= 2;
    char *grown = realloc(q->data, cap);
    if (!grown) die("out of memory");
    q->data = grown;
    q->cap = cap;
  }
  memcpy(q->data + q->end, data, len);
  q->end += len;
}

static void output(struct queue *q, int stream, const char *data, size_t len) {
  if ((stream == 1 && !opt_stdout) || (stream == 2 && !opt_stderr)) return;
  if (opt_mux) {
    unsigned char h[8] = {(unsigned char)stream, 0, 0, 0,
                          (unsigned char)(len >> 24), (unsigned char)(len >> 16), (unsigned char)(len >> 8), (unsigned char)len};
    queue_put(q, h, 8);
  }
  queue_put(q, data, len);
}

/* Write what stdout takes now; -1 once the reader is gone. */
static int queue_flush(struct queue *q) {
  while (q->start < q->end) {
    ssize_t w = write(1, q->data + q->start, q->end - q->start);
    if (w < 0) return errno == EAGAIN || errno == EINTR ? 0 : -1;
    q->start += (size_t)w;
  }
  q->start = q->end = 0;
  return 0;
}

static int do_attach(const char *path) {
  struct sockaddr_un addr;
  int dirfd;
  if (unix_addr(path, &addr, &dirfd) < 0) die("socket path");
  int s = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (s < 0) die("socket");
  if (connect(s, (struct sockaddr *)&addr, sizeof(addr)) < 0) die("connect to the container's attach socket");
  if (dirfd >= 0) close(dirfd);
  fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK);
  fcntl(1, F_SETFL, fcntl(1, F_GETFL) | O_NONBLOCK);
  /* The daemon waits for this before it lets the container run. */
  if (write_all(3, "ready\n", 6) == 0) close(3);

  static struct pending in;
  static struct queue out;
  static char buf[BUF];
  int stdin_open = opt_stdin;
  /* Where stdin goes: the container's pipe when we could open it, else the socket. */
  int target = s;
  if (stdin_open && opt_stdin_pipe) {
    int fd = open(opt_stdin_pipe, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) target = fd;
  }
  if (!stdin_open) shutdown(s, SHUT_WR), close(0);
  int socket_open = 1;
  while (socket_open || out.end > out.start) {
    size_t queued = out.end - out.start;
    /* A negative fd is skipped: an idle one would still wake us with POLLHUP. */
    struct pollfd fds[4] = {{socket_open ? s : -1, POLLIN, 0},
                            {stdin_open && !in.len && queued < QUEUE_PAUSE ? 0 : -1, POLLIN, 0},
                            {stdin_open && in.len ? target : -1, POLLOUT, 0},
                            {queued ? 1 : -1, POLLOUT, 0}};
    if (poll(fds, 4, -1) < 0) {
      if (errno == EINTR) continue;
      die("poll");
    }
    /* Drain the socket first, every packet that is there. */
    for (int i = 0; socket_open && i < 256 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)); i++) {
      ssize_t n = recv(s, buf, sizeof(buf), MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) break;
      if (n <= 0) { socket_open = 0; break; }
      if (n > 1) output(&out, buf[0] == 3 ? 2 : 1, buf + 1, (size_t)n - 1);
    }
    if (out.end > out.start && queue_flush(&out) < 0) return 0; /* the client left */
    int eof = 0;
    if (in.len && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      eof = pump_in(target, &in, target == s ? PACKET : BUF, target == s) < 0; /* the reader is gone */
    } else if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = read(0, in.buf, sizeof(in.buf));
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      in.off = 0;
      in.len = n > 0 ? (size_t)n : 0;
      eof = n <= 0 || pump_in(target, &in, target == s ? PACKET : BUF, target == s) < 0;
    }
    if (eof && stdin_open) {
      stdin_open = 0;
      in.len = in.off = 0;
      close(0);
      if (target != s) close(target);
      target = s;
      shutdown(s, SHUT_WR);
    }
  }
  return 0;
}

static void resize(int fd, const char *line) {
  unsigned h, w;
  if (sscanf(line, "%u %u", &h, &w) != 2) return;
  struct winsize ws = {(unsigned short)h, (unsigned short)w, 0, 0};
  ioctl(fd, TIOCSWINSZ, &ws);
}

/* Lines "H W\n" on fd 3; the last size seen is kept for when the pty arrives. */
static int read_control(int master, char *last, size_t lastsz) {
  static char ctl[256];
  static size_t used;
  ssize_t n = read(3, ctl + used, sizeof(ctl) - 1 - used);
  if (n <= 0) return -1;
  used += (size_t)n;
  ctl[used] = 0;
  char *start = ctl, *nl;
  while ((nl = strchr(start, '\n'))) {
    *nl = 0;
    snprintf(last, lastsz, "%s", start);
    if (master >= 0) resize(master, start);
    start = nl + 1;
  }
  used = strlen(start);
  memmove(ctl, start, used);
  return 0;
}

static int receive_fd(int conn) {
  char name[4096];
  char control[CMSG_SPACE(sizeof(int))];
  struct iovec iov = {name, sizeof(name)};
  struct msghdr msg = {0};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  if (recvmsg(conn, &msg, MSG_CMSG_CLOEXEC) < 0) return -1;
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) return -1;
  int fd;
  memcpy(&fd, CMSG_DATA(c), sizeof(int));
  return fd;
}

static int do_console(const char *path) {
  struct sockaddr_un addr;
  int dirfd;
  char size[64] = "";
  int control_open = 1;
  if (unix_addr(path, &addr, &dirfd) < 0) die("socket path");
  int l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (l < 0) die("socket");
  unlink(path);
  if (bind(l, (struct sockaddr *)&addr, sizeof(addr)) < 0) die("bind console socket");
  if (listen(l, 1) < 0) die("listen");
  if (write_all(3, "ready\n", 6) < 0) control_open = 0;

  int master = -1;
  while (master < 0) {
    struct pollfd fds[2] = {{l, POLLIN, 0}, {control_open ? 3 : -1, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      die("poll");
    }
    if (fds[1].revents && read_control(-1, size, sizeof(size)) < 0) control_open = 0;
    if (fds[0].revents & POLLIN) {
      int conn = accept4(l, NULL, NULL, SOCK_CLOEXEC);
      if (conn < 0) continue;
      master = receive_fd(conn);
      close(conn);
    }
  }
  close(l);
  unlink(path);
  if (dirfd >= 0) close(dirfd);
  if (size[0]) resize(master, size);
  fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);

  static struct pending in;
  static char buf[BUF];
  int stdin_open = opt_stdin;
  for (;;) {
    struct pollfd fds[3] = {{master, in.len ? POLLIN | POLLOUT : POLLIN, 0},
                            {stdin_open && !in.len ? 0 : -1, POLLIN, 0},
                            {control_open ? 3 : -1, POLLIN, 0}};
    if (poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      die("poll");
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = read(master, buf, sizeof(buf));
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (n <= 0) return 0; /* EIO: every slave end closed, the process is gone */
      if (write_all(1, buf, (size_t)n) < 0) return 0;
    }
    if (in.len && (fds[0].revents & POLLOUT) && pump_in(master, &in, BUF, 0) < 0) return 0;
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = read(0, in.buf, sizeof(in.buf));
      if (n <= 0) {
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        stdin_open = 0; /* a terminal has no half-close; the process goes on */
        continue;
      }
      in.off = 0;
      in.len = (size_t)n;
      if (pump_in(master, &in, BUF, 0) < 0) return 0;
    }
    if (fds[2].revents && read_control(master, size, sizeof(size)) < 0) control_open = 0;
  }
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN);
  if (argc < 3) {
    fprintf(stderr, "usage: quai-attach attach|console SOCKET [--mux] [--no-stdout] [--no-stderr] [--no-stdin] [--stdin-pipe PATH]\n");
    return 2;
  }
  for (int i = 3; i < argc; i++) {
    if (!strcmp(argv[i], "--mux")) opt_mux = 1;
    else if (!strcmp(argv[i], "--no-stdout")) opt_stdout = 0;
    else if (!strcmp(argv[i], "--no-stderr")) opt_stderr = 0;
    else if (!strcmp(argv[i], "--no-stdin")) opt_stdin = 0;
    else if (!strcmp(argv[i], "--stdin-pipe") && i + 1 < argc) opt_stdin_pipe = argv[++i];
  }
  if (!strcmp(argv[1], "attach")) return do_attach(argv[2]);
  if (!strcmp(argv[1], "console")) return do_console(argv[2]);
  fprintf(stderr, "quai-attach: unknown mode %s\n", argv[1]);
  return 2;
}
