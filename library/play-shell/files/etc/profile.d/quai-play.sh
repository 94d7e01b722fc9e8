# A quai play instance: a prompt with the instance's name, and where to start.
if [ -n "${PS1:-}" ]; then
  PS1='[\h] \w$ '
  if [ -z "${QUAI_PLAY_QUIET:-}" ] && [ -f /etc/motd ]; then cat /etc/motd; fi
fi
