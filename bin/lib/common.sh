# Shared by the scripts in bin/: locating a JDK >= 25 and the project root. Source, don't run.

DRIFT_MIN_JAVA=25
DRIFT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# The feature version (25, 26, ...) of the JDK at $1, or nothing when $1 is not a JDK.
drift_jdk_version() {
  local home="$1" v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  printf '%s' "$v"
}

# Where JDKs are looked for after JAVA_HOME (globs; DRIFT_JDK_DIRS replaces the list, for tests).
DRIFT_JDK_DIRS_DEFAULT='/usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* $HOME/.sdkman/candidates/java/* $HOME/.jdks/*'

# Prints the home of a JDK >= DRIFT_MIN_JAVA: JAVA_HOME when it qualifies, otherwise the newest
# one under the usual install paths. Fails with a message saying what was found and what to do.
drift_find_jdk() {
  local cand v best="" best_v=0 seen="" dirs
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(drift_jdk_version "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$DRIFT_MIN_JAVA" ]; then
      printf '%s\n' "$JAVA_HOME"
      return 0
    fi
    seen="JAVA_HOME=$JAVA_HOME (${v:-not a JDK})"
  fi
  dirs="${DRIFT_JDK_DIRS:-$DRIFT_JDK_DIRS_DEFAULT}"
  dirs="${dirs//\$HOME/${HOME:-/nonexistent}}"
  # shellcheck disable=SC2086  # the globs are meant to expand here
  for cand in $dirs; do
    [ -d "$cand" ] || continue
    v=$(drift_jdk_version "$cand")
    [ -n "$v" ] || continue
    seen="${seen:+$seen, }$cand ($v)"
    if [ "$v" -ge "$DRIFT_MIN_JAVA" ] && [ "$v" -gt "$best_v" ]; then
      best="$cand"
      best_v="$v"
    fi
  done
  if [ -z "$best" ]; then
    {
      echo "drift: no JDK >= $DRIFT_MIN_JAVA found (looked at JAVA_HOME, /usr/lib/jvm and the usual install paths)."
      [ -n "$seen" ] && echo "       found: $seen"
      echo "       Install a JDK $DRIFT_MIN_JAVA (for example Eclipse Temurin 25) and set JAVA_HOME to it."
    } >&2
    return 1
  fi
  printf '%s\n' "$best"
}

# MAVEN_OPTS for running Maven itself on the JDK drift_find_jdk chose: Maven's bundled libraries
# still call sun.misc.Unsafe, which JDK 24+ warns about on every run.
drift_maven_opts() {
  printf '%s' "${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
}

# Fails with an install hint when Maven is missing.
drift_require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "drift: Maven (mvn) is not installed; on Debian/Ubuntu: sudo apt-get install maven (or run bin/setup)" >&2
    return 1
  fi
}
