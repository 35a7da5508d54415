#!/usr/bin/env bash
# Proves `berdaya sweep --emit-slurm` on a real Slurm cluster of one node.
#
#   1. checks that Debian's slurm-wlm and munge are installed (it installs
#      nothing: `.ci/run` installs them on CI; elsewhere run
#      `apt-get install slurm-wlm munge` yourself);
#   2. starts munged, slurmctld and slurmd by hand (PID 1 is not systemd on
#      these machines), each with private paths, ports and sockets under a
#      temporary folder, so nothing in /etc/slurm or /run/munge is touched
#      and an existing Slurm or munge keeps running undisturbed;
#   3. emits the job-array and merge scripts for a tiny sweep, submits them,
#      and waits for the merge job (polling `scontrol show job`, with a
#      timeout);
#   4. runs the same sweep unsharded and compares every file of the two
#      folders byte for byte;
#   5. shuts the cluster down (`scontrol shutdown`, munged by its pid).
#
# Exits non-zero on any failure. Usage: BERDAYA=/path/to/berdaya tests/slurm/run.sh
# (tests/slurm.rs runs it with the binary cargo built). BERDAYA_SLURM_KEEP=1
# keeps the work folder for inspection.
set -euo pipefail

BERDAYA=${BERDAYA:?set BERDAYA to the berdaya binary}
TIMEOUT=${BERDAYA_SLURM_TIMEOUT:-120}
START=$(date +%s)
log() { echo "[slurm $(( $(date +%s) - START ))s] $*"; }
fail() { echo "[slurm] FAILED: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root (munged, slurmctld, slurmd)"
[ -x "$BERDAYA" ] || fail "$BERDAYA is not an executable"

# --- 1. Installed? ------------------------------------------------------------
for cmd in slurmctld slurmd sbatch scontrol munged; do
    command -v "$cmd" >/dev/null \
        || fail "$cmd is not installed: install Debian's slurm-wlm and munge first (.ci/run does)"
done

# --- 2. A private one-node cluster --------------------------------------------
WORK=$(mktemp -d /tmp/berdaya-slurm.XXXXXX)
chmod 755 "$WORK"
export SLURM_CONF="$WORK/slurm.conf"
MUNGE_DIR="$WORK/munge"
MUNGE_SOCKET="$MUNGE_DIR/munge.socket"
cleanup() {
    local rc=$?
    set +e
    if [ -f "$WORK/slurmctld.pid" ] || [ -f "$WORK/slurmd.pid" ]; then
        scontrol shutdown >/dev/null 2>&1
        for _ in $(seq 50); do
            { [ -f "$WORK/slurmctld.pid" ] && kill -0 "$(cat "$WORK/slurmctld.pid")" 2>/dev/null; } \
                || { [ -f "$WORK/slurmd.pid" ] && kill -0 "$(cat "$WORK/slurmd.pid")" 2>/dev/null; } \
                || break
            sleep 0.1
        done
        for d in slurmctld slurmd; do
            [ -f "$WORK/$d.pid" ] && kill "$(cat "$WORK/$d.pid")" 2>/dev/null
        done
    fi
    [ -f "$MUNGE_DIR/munged.pid" ] && kill "$(cat "$MUNGE_DIR/munged.pid")" 2>/dev/null
    if [ "$rc" != 0 ]; then
        for f in "$WORK"/log/*.log "$WORK"/jobs/logs/*.out; do
            [ -f "$f" ] && { echo "--- $f (last lines)"; tail -n 25 "$f"; }
        done
    fi
    if [ "${BERDAYA_SLURM_KEEP:-0}" = 1 ]; then
        echo "[slurm] work folder kept: $WORK"
    else
        rm -rf "$WORK"
    fi
    log "cluster stopped"
    exit "$rc"
}
trap cleanup EXIT

# munged refuses to run as root: run it as the munge user with its own key.
id munge >/dev/null 2>&1 || fail "the munge package did not create the munge user"
mkdir -p "$MUNGE_DIR"
chown munge: "$MUNGE_DIR"
# munged wants its socket's folder searchable by all (the key stays 0600).
chmod 755 "$MUNGE_DIR"
if command -v mungekey >/dev/null; then
    runuser -u munge -- mungekey --create --keyfile="$MUNGE_DIR/munge.key" >/dev/null
else
    dd if=/dev/urandom of="$MUNGE_DIR/munge.key" bs=1024 count=1 status=none
    chown munge: "$MUNGE_DIR/munge.key"
fi
chmod 600 "$MUNGE_DIR/munge.key"
runuser -u munge -- munged --socket="$MUNGE_SOCKET" --key-file="$MUNGE_DIR/munge.key" \
    --pid-file="$MUNGE_DIR/munged.pid" --log-file="$MUNGE_DIR/munged.log" \
    --seed-file="$MUNGE_DIR/munged.seed"

HOST=$(uname -n | cut -d. -f1)
CPUS=$(nproc)
MEM=$(( $(awk '/^MemTotal:/{print $2}' /proc/meminfo) / 1024 * 8 / 10 ))
mkdir -p "$WORK/state" "$WORK/spool" "$WORK/log"
cat > "$SLURM_CONF" <<EOF
# A one-node test cluster written by berdaya's tests/slurm/run.sh.
ClusterName=berdaya-test
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCKET
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SchedulerParameters=batch_sched_delay=0
DependencyParameters=kill_invalid_depend
MailProg=/bin/true
ReturnToService=2
MinJobAge=600
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=test Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
log "$(sbatch --version), $(munged --version 2>&1 | head -1)"
slurmctld
slurmd -N "$HOST"
for i in $(seq 300); do
    state=$(sinfo -h -N -o %t 2>/dev/null | head -1 || true)
    [ "$state" = idle ] && break
    [ "$i" = 300 ] && fail "the node did not become idle in 30 s (state: ${state:-none})"
    sleep 0.1
done
log "one-node cluster up: node $HOST, $CPUS CPUs, ${MEM} MB, state idle"

# --- 3. A tiny sweep as a job array + merge -------------------------------------
cd "$WORK"
cat > base.toml <<'EOF'
name = "slurm-base"
months = 12
replications = 2
[population]
villages = 2
households_per_village = 60
burn_in_months = 6
[program]
budget = 3.0e8
duration_months = 6
[[arm]]
name = "control"
program.components = []
program.budget = 0.0
[[arm]]
name = "multi_group"
program.approach = "group"
program.components = ["capital", "infrastructure", "institutions", "partnership", "facilitation"]
EOF
cat > sweep.toml <<'EOF'
base = "base.toml"
name = "slurm-morris"
[sweep]
method = "morris"
samples = 4
seed = 5
metrics = ["poverty_rate", "empowerment_index"]
at_months = [6, 12]
[sweep.parameters]
economy.capital_threshold = { min = 6e6, max = 20e6 }
"facilitation.caseload_groups" = { min = 8, max = 20 }
groups.join_rate = { min = 0.4, max = 0.8 }
EOF
"$BERDAYA" sweep sweep.toml --emit-slurm "$WORK/jobs" --shards 3 --cpus-per-task 1 \
    --mem 500M --time 00:05:00 --out "$WORK/merged" --quiet
bash "$WORK/jobs/submit.sh"
ARRAY=$(cat "$WORK/jobs/array.jobid")
MERGE=$(cat "$WORK/jobs/merge.jobid")
log "submitted array job $ARRAY (3 shards) and merge job $MERGE (afterok:$ARRAY)"

# The unsharded run to compare with, meanwhile.
"$BERDAYA" sweep sweep.toml --out "$WORK/single" --quiet --threads 1

job_state() { scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 | sort | uniq -c | tr -s ' ' | tr '\n' ';'; }
deadline=$(( $(date +%s) + TIMEOUT ))
while :; do
    state=$(scontrol show job "$MERGE" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -1 | cut -d= -f2)
    case "$state" in
        COMPLETED) break ;;
        FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE)
            fail "merge job $MERGE ended $state (array: $(job_state "$ARRAY"))" ;;
    esac
    [ "$(date +%s)" -lt "$deadline" ] || fail "timeout after ${TIMEOUT}s: merge job $MERGE is ${state:-unknown}, array: $(job_state "$ARRAY")"
    sleep 0.2
done
log "array tasks: $(job_state "$ARRAY") merge job: COMPLETED"
for k in 1 2 3; do
    [ -f "$WORK/jobs/shard-$k/manifest.json" ] || fail "shard $k has no manifest"
done

# --- 4. Byte for byte -----------------------------------------------------------
n=0
while IFS= read -r f; do
    cmp -s "$WORK/single/$f" "$WORK/merged/$f" || fail "$f differs between the unsharded run and the Slurm merge"
    n=$((n + 1))
done < <(cd "$WORK/single" && find . -type f | sort)
diff -rq "$WORK/single" "$WORK/merged" >/dev/null || fail "the two folders do not hold the same files"
[ "$n" -ge 8 ] || fail "only $n files compared"
log "merged folder identical to the unsharded run: $n files, byte for byte ($(wc -l < "$WORK/merged/results.csv") lines of results.csv)"
log "PASS"
