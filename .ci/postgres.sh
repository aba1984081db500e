# A throwaway PostgreSQL server on the loopback address, for the test suite. Sourced by .ci/run:
# pg_start installs the server from Debian's packages when it is missing, starts it on a free
# port of 127.0.0.1 with password authentication, creates a non-superuser administrator (as a
# department would have) and a database it owns, and sets PG_TEST_URL; the server stops on exit.
# A second database of the same administrator (YTCONTEST_TEST_PG_OTHER) lets the tests check that a
# clerk of one reaches nothing in the other; the server logs every DDL statement to a file named
# in YTCONTEST_TEST_PG_LOG, so that the tests can check no password reaches the log.

# runuser and useradd live in sbin, which a non-login shell may not have on its PATH.
PATH="$PATH:/usr/sbin:/sbin"

pg_find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

pg_start() {
  local bin
  if ! bin=$(pg_find_bin); then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(pg_find_bin)
  fi
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  PG_DIR=$(mktemp -d)
  chown postgres "$PG_DIR"
  local port superpw adminpw
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  superpw=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
  adminpw=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
  echo "$superpw" > "$PG_DIR/pw" && chown postgres "$PG_DIR/pw"
  runuser -u postgres -- "$bin/initdb" -D "$PG_DIR/data" -U postgres --pwfile="$PG_DIR/pw" \
    --auth=scram-sha-256 -E UTF8 >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$PG_DIR -c max_connections=200 -c log_statement=ddl" start >/dev/null
  chmod 755 "$PG_DIR"
  trap pg_stop EXIT
  PGPASSWORD="$superpw" "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE ytcontest_admin LOGIN CREATEROLE PASSWORD '$adminpw'" \
    -c "CREATE DATABASE ytcontest_test OWNER ytcontest_admin" \
    -c "CREATE DATABASE ytcontest_other OWNER ytcontest_admin"
  PG_BIN=$bin
  PG_TEST_URL="postgresql+psycopg://ytcontest_admin:$adminpw@127.0.0.1:$port/ytcontest_test"
  YTCONTEST_TEST_PG_OTHER="postgresql+psycopg://ytcontest_admin:$adminpw@127.0.0.1:$port/ytcontest_other"
  YTCONTEST_TEST_PG_LOG="$PG_DIR/log"
  export PG_TEST_URL YTCONTEST_TEST_PG_OTHER YTCONTEST_TEST_PG_LOG
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
}
