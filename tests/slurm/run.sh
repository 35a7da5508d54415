#!/usr/bin/env bash
# Proves `berdaya sweep|run|calibrate --emit-slurm` on a real Slurm cluster of
# one node.
#
#   1. checks that Debian's slurm-wlm and munge are installed (it installs
#      nothing: `.ci/run` installs them on CI; elsewhere run
#      `apt-get install slurm-wlm munge` yourself);
#   2. starts munged, slurmctld and slurmd by hand (PID 1 is not systemd on
#      these machines), each with private paths, ports and sockets under a
#      temporary folder, so nothing in /etc/slurm or /run/munge is touched
#      and an existing Slurm or munge keeps running undisturbed;
#   3. emits the job-array and merge scripts for a tiny sweep, a tiny run
#      with parameter draws and a tiny calibration (one array and merge per
#      ABC generation, chained), submits them, and waits for the last merge
#      jobs (polling `scontrol show job`, with a timeout);
#   4. runs the same sweep, run and calibration unsharded and compares every
#      file of the folders byte for byte; the one exception, documented in
#      docs/SWEEPS.md: a run's manifest.json records its own timing
#      (`wall_seconds`, `household_months_per_second`), so those two lines
#      are left out of that file's comparison (the unsharded run is written
#      to the path the merge writes to, then moved, so even the command line
#      the manifest records is the same);
#   5. shuts the cluster down (`scontrol shutdown`, munged by its pid).
#
# Exits non-zero on any failure. Usage: BERDAYA=/path/to/berdaya tests/slurm/run.sh
# (tests/slurm.rs runs it with the binary cargo built). BERDAYA_SLURM_KEEP=1
# keeps the work folder for inspection.
set -euo pipefail

BERDAYA=${BERDAYA:?set BERDAYA to the berdaya binary}
BERDAYA=$(readlink -f "$BERDAYA")
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

# A run of `strategies` with 4 parameter draws, 3 shards. The unsharded run
# is written first to the folder the merge job will write, then moved away.
RUNFLAGS=(--replications 3 --months 14 --set population.villages=2
    --set population.households_per_village=50 --set population.burn_in_months=6
    --set program.duration_months=10 --set uncertainty.replications=1)
"$BERDAYA" run strategies --draws 4 --emit-slurm "$WORK/run-jobs" --shards 3 --cpus-per-task 1 \
    --mem 500M --time 00:05:00 --out "$WORK/run-merged" "${RUNFLAGS[@]}" --quiet
# the shards' command line without --shard and with the merge's --out is
# what the merged manifest records
"$BERDAYA" run strategies --out "$WORK/run-merged" --threads 1 "${RUNFLAGS[@]}" \
    --set uncertainty.draws=4 --quiet --force
mv "$WORK/run-merged" "$WORK/run-single"
bash "$WORK/run-jobs/submit.sh"
RUN_MERGE=$(cat "$WORK/run-jobs/merge.jobid")
log "submitted the run: array job $(cat "$WORK/run-jobs/array.jobid") (3 shards), merge job $RUN_MERGE"

# A calibration: 30 particles, up to 3 generations, 3 shards a generation.
cat > cal.toml <<'EOF'
base = "baseline"
month = 1
[targets]
poverty_rate = { value = 0.12, se = 0.02 }
gini = { value = 0.30, se = 0.02 }
[parameters]
"population.asset_median" = {}
[abc]
particles = 30
generations = 2
EOF
CALFLAGS=(--set population.villages=2 --set population.households_per_village=50
    --set population.burn_in_months=12)
"$BERDAYA" calibrate cal.toml --emit-slurm "$WORK/cal-jobs" --shards 3 --cpus-per-task 1 \
    --mem 500M --time 00:05:00 --out "$WORK/cal-merged" "${CALFLAGS[@]}" --quiet
bash "$WORK/cal-jobs/submit.sh"
CAL_MERGE=$(cat "$WORK/cal-jobs/merge.jobid")
log "submitted the calibration: 3 generations of 3 shards and a merge each, last merge job $CAL_MERGE"

# The unsharded sweep and calibration to compare with, meanwhile.
"$BERDAYA" sweep sweep.toml --out "$WORK/single" --quiet --threads 1
"$BERDAYA" calibrate cal.toml --out "$WORK/cal-single" "${CALFLAGS[@]}" --quiet --threads 1

job_state() { scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 | sort | uniq -c | tr -s ' ' | tr '\n' ';'; }
deadline=$(( $(date +%s) + TIMEOUT ))
# wait_for JOB WHAT: until the job has COMPLETED; fails on any other end
wait_for() {
    local state
    while :; do
        state=$(scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -1 | cut -d= -f2)
        case "$state" in
            COMPLETED) return 0 ;;
            FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE)
                fail "$2: merge job $1 ended $state" ;;
        esac
        [ "$(date +%s)" -lt "$deadline" ] || fail "timeout after ${TIMEOUT}s: $2: merge job $1 is ${state:-unknown}"
        sleep 0.2
    done
}
wait_for "$MERGE" sweep
log "sweep: array tasks: $(job_state "$ARRAY") merge job: COMPLETED"
for k in 1 2 3; do
    [ -f "$WORK/jobs/shard-$k/manifest.json" ] || fail "shard $k has no manifest"
done

# --- 4. Byte for byte -----------------------------------------------------------
# same_files A B WHAT [run]: B holds exactly A's files, each with the same
# bytes; with `run`, manifest.json is compared without its two timing lines.
untimed() { grep -v -e '"wall_seconds"' -e '"household_months_per_second"' "$1"; }
same_files() {
    local n=0 f
    [ "$(cd "$1" && find . -type f | sort)" = "$(cd "$2" && find . -type f | sort)" ] \
        || fail "$3: the two folders do not hold the same files"
    while IFS= read -r f; do
        if [ "${4:-}" = run ] && [ "$f" = ./manifest.json ]; then
            cmp -s <(untimed "$1/$f") <(untimed "$2/$f") \
                || fail "$3: $f differs beyond its two timing lines between the unsharded folder and the Slurm merge"
        else
            cmp -s "$1/$f" "$2/$f" || fail "$3: $f differs between the unsharded folder and the Slurm merge"
        fi
        n=$((n + 1))
    done < <(cd "$1" && find . -type f | sort)
    echo "$n"
}
n=$(same_files "$WORK/single" "$WORK/merged" sweep)
[ "$n" -ge 8 ] || fail "only $n files compared"
log "merged sweep identical to the unsharded sweep: $n files, byte for byte ($(wc -l < "$WORK/merged/results.csv") lines of results.csv)"

wait_for "$RUN_MERGE" run
n=$(same_files "$WORK/run-single" "$WORK/run-merged" run run)
[ "$n" -ge 20 ] || fail "only $n files of the run compared"
log "merged run identical to the unsharded run: $n files, byte for byte (manifest.json but its two timing lines)"

wait_for "$CAL_MERGE" calibration
n=$(same_files "$WORK/cal-single" "$WORK/cal-merged" calibration)
[ "$n" -ge 10 ] || fail "only $n files of the calibration compared"
log "merged calibration identical to the unsharded one: $n files, byte for byte ($(($(wc -l < "$WORK/cal-merged/generations.csv") - 1)) generations)"
log "PASS"
