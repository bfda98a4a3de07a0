#!/bin/bash
# Runs samples/spark-mnist on a standalone Spark cluster of separate JVMs on this machine: a master, two workers
# with one core each and their executors, and the driver, all bound to 127.0.0.1, the Spark jars taken from the
# sample's Maven class path (a Spark home of links to them, no Spark download). Every process is stopped at the end.
#   samples/spark-mnist/run-on-local-cluster.sh --data ../shared/datasets/mnist --epochs 2
# Without CHECKPOINT_DIR (default: a fresh temporary folder) the sample is refused, as SparkFit refuses any
# cluster without a checkpoint directory; CHECKPOINT_DIR= (empty) shows that message.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -pl samples/spark-mnist -am install -DskipTests
work=$(mktemp -d)
mvn -q -pl samples/spark-mnist dependency:build-classpath -Dmdep.outputFile="$work/cp.txt"
classes=$(pwd)/samples/spark-mnist/target/classes:$(pwd)/samples/common/target/classes
cp="$(cat "$work/cp.txt"):$classes"
mkdir -p "$work/home/jars" "$work/w1" "$work/w2"
echo "links to the Spark jars of samples/spark-mnist" > "$work/home/RELEASE"
for jar in $(echo "$cp" | tr ':' '\n' | grep '\.jar$'); do ln -sf "$(readlink -f "$jar")" "$work/home/jars/"; done
opens=$(sed -n 's:.*<spark.jvm.args>\(.*\)</spark.jvm.args>.*:\1:p' spark/pom.xml)
export SPARK_HOME="$work/home" SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
pids=()
stop() {
    for pid in "${pids[@]}"; do pkill -9 -P "$pid" 2>/dev/null || true; kill -9 "$pid" 2>/dev/null || true; done
}
trap stop EXIT
java -Xmx512m $opens -cp "$work/home/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
    --port 17077 --webui-port 18080 > "$work/master.log" 2>&1 &
pids+=($!)
sleep 8
for w in 1 2; do
    java -Xmx512m $opens -cp "$work/home/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
        --cores 1 --memory 3g --webui-port 1808$w --work-dir "$work/w$w" spark://127.0.0.1:17077 \
        > "$work/worker$w.log" 2>&1 &
    pids+=($!)
done
sleep 8
checkpoints=${CHECKPOINT_DIR-$work/checkpoints}
java $opens -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 -Dspark.executor.memory=2g \
    -Dspark.executor.cores=1 -Dspark.cores.max=2 -Dspark.executor.extraClassPath="$classes" \
    "-Dspark.executor.extraJavaOptions=$opens -Dfusenet.singleThreaded=true" \
    -Dspark.scheduler.minRegisteredResourcesRatio=1.0 -Dspark.scheduler.maxRegisteredResourcesWaitingTime=120s \
    ${checkpoints:+-Dspark.checkpoint.dir=$checkpoints} \
    -cp "$cp" dev.fusenet.samples.spark.SparkMnistSample --master spark://127.0.0.1:17077 "$@" 2> "$work/driver.log"
echo "logs in $work"
