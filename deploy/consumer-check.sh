#!/usr/bin/env bash
# Checks what a Java team gets when it imports intervensi-bom and depends on intervention-core
# with no versions: okio, Kotlin's standard library and Jackson must resolve to exactly the
# versions this build tests (bom/pom.xml).
#
# It installs the project into a throw-away local repository (never ~/.m2), builds a tiny consumer
# project in a temporary directory against it, and compares `mvn dependency:list`.
#
#   deploy/consumer-check.sh            # offline: uses what ~/.m2 already holds
#   ONLINE=1 deploy/consumer-check.sh   # lets Maven download what ~/.m2 lacks
#
# Not part of `mvn verify`: it builds the whole project once more.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
repo="$work/repository"
consumer="$work/consumer"
mkdir -p "$repo" "$consumer"

offline=(-o)
[[ "${ONLINE:-0}" == 1 ]] && offline=()

# The throw-away repository takes our artifacts; third-party ones are read from ~/.m2 through a
# mirror on the file system, so nothing of ours lands there and nothing is downloaded.
user_repo="${HOME}/.m2/repository"
settings="$work/settings.xml"
cat > "$settings" <<XML
<settings>
  <localRepository>$repo</localRepository>
  <mirrors>
    <mirror>
      <id>user-repository</id>
      <mirrorOf>*</mirrorOf>
      <url>file://$user_repo</url>
    </mirror>
  </mirrors>
</settings>
XML
if [[ "${ONLINE:-0}" == 1 ]]; then
  settings_args=(-Dmaven.repo.local="$repo")
else
  settings_args=(-s "$settings")
  offline=()   # the file mirror is local; Maven need not be offline to stay off the network
fi

expected() { # the first <$1> of bom/pom.xml, where the tested versions are written once
  sed -n "s|.*<$1>\(.*\)</$1>.*|\1|p" "$root/bom/pom.xml" | head -1
}

echo "consumer-check: installing the project into $repo"
mvn -B -q "${offline[@]}" "${settings_args[@]}" -f "$root/pom.xml" -DskipTests -Djacoco.skip=true install

version="$(expected version)"
okio="$(expected okio.version)"
kotlin="$(expected kotlin.version)"
jackson="$(expected jackson.version)"
echo "consumer-check: intervensi $version; expecting okio $okio, kotlin-stdlib $kotlin, jackson $jackson"

cat > "$consumer/pom.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>consumer</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.emodu.intervention</groupId>
        <artifactId>intervensi-bom</artifactId>
        <version>$version</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>org.emodu.intervention</groupId>
      <artifactId>intervention-core</artifactId>
    </dependency>
  </dependencies>
</project>
XML

list="$work/dependencies.txt"
mvn -B -q "${offline[@]}" "${settings_args[@]}" -f "$consumer/pom.xml" dependency:list \
  -DoutputFile="$list" -DincludeScope=runtime -Dmdep.outputScope=false >/dev/null
echo "consumer-check: the consumer resolves"
sed -n 's/^ *//p' "$list" | grep -E '^(com\.squareup|org\.jetbrains\.kotlin|com\.fasterxml\.jackson)' | sort

failures=0
check() { # group:artifact expected-version
  local found
  found="$(sed -n "s/^ *$1:jar:\([^:]*\).*/\1/p" "$list" | head -1)"
  if [[ -z "$found" ]]; then
    echo "consumer-check: FAIL: $1 is not on the consumer's class path (expected $2)" >&2
    failures=$((failures + 1))
  elif [[ "$found" != "$2" ]]; then
    echo "consumer-check: FAIL: $1 resolves to $found, but the build tests $2; pin it in bom/pom.xml" >&2
    failures=$((failures + 1))
  fi
}
check com.squareup.okio:okio-jvm "$okio"
check org.jetbrains.kotlin:kotlin-stdlib "$kotlin"
check com.fasterxml.jackson.core:jackson-databind "$jackson"
check com.fasterxml.jackson.core:jackson-core "$jackson"
for optional in com.squareup.okio:okio org.jetbrains.kotlin:kotlin-stdlib-jdk7 org.jetbrains.kotlin:kotlin-stdlib-jdk8; do
  if grep -q "^ *$optional:jar:" "$list"; then
    case "$optional" in
      *okio*) check "$optional" "$okio" ;;
      *) check "$optional" "$kotlin" ;;
    esac
  fi
done

if (( failures > 0 )); then
  echo "consumer-check: $failures version(s) differ from what the build tests" >&2
  exit 1
fi
echo "consumer-check: OK: okio $okio, kotlin-stdlib $kotlin, jackson $jackson, as the build tests"
