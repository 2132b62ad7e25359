"""One Spark session per process, configured for this product.

``local[*]`` by default; ``OFFENSIEF_SPARK_MASTER`` (e.g. ``spark://host:7077`` or ``yarn``)
points it at a cluster. Nothing is fetched at run time: the only extra jar is Splink's
similarity UDF jar, which ships inside the Splink wheel.

Shuffle partitions default to the local cores in local mode and to Spark's 200 on a cluster:
200 partitions on one machine make every shuffle 200 tasks, and an iterative graph algorithm
(a shuffle or three per round) then spends most of its time scheduling empty tasks.

>>> SparkConfig.from_env({"OFFENSIEF_SPARK_MASTER": "spark://h:7077"}).partitions
200
>>> SparkConfig(master="local[3]").partitions
3
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from offensief.model.errors import OffensiefError

#: Environment variable naming the Spark master (a cluster); unset means ``local[*]``.
MASTER_ENV = "OFFENSIEF_SPARK_MASTER"
#: Shuffle partitions: Spark's default (200) suits a cluster; tests set a handful.
PARTITIONS_ENV = "OFFENSIEF_SPARK_PARTITIONS"
#: Driver memory for local mode (the driver is the only JVM there).
MEMORY_ENV = "OFFENSIEF_SPARK_MEMORY"


class SparkUnavailable(OffensiefError):
    """The Spark engine cannot start: PySpark or Java is missing."""


@dataclass(frozen=True)
class SparkConfig:
    """Where and how Spark runs."""

    master: str = "local[*]"
    #: None: the local cores in local mode, Spark's default (200) on a cluster
    shuffle_partitions: int | None = None
    driver_memory: str = "4g"
    app_name: str = "offensief"
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SparkConfig:
        env = os.environ if env is None else env
        return cls(master=env.get(MASTER_ENV) or "local[*]",
                   shuffle_partitions=int(env[PARTITIONS_ENV]) if env.get(PARTITIONS_ENV) else None,
                   driver_memory=env.get(MEMORY_ENV) or "4g")

    @property
    def partitions(self) -> int:
        """The shuffle partitions this configuration gives."""
        if self.shuffle_partitions:
            return self.shuffle_partitions
        local = re.fullmatch(r"local(?:\[(\*|\d+)(?:,\s*\d+)?\])?", self.master)
        if local is None:
            return 200
        cores = local.group(1)
        return (os.cpu_count() or 1) if cores == "*" else int(cores or 1)


def java_available() -> bool:
    """A Java runtime is on the PATH (or JAVA_HOME): the Spark engine can start."""
    home = os.environ.get("JAVA_HOME")
    return bool(shutil.which("java") or (home and os.path.exists(os.path.join(home, "bin", "java"))))


def _splink_jar() -> str | None:
    """Splink's Scala similarity UDFs for this Spark major version (shipped in the wheel)."""
    try:
        from splink.backends.spark import similarity_jar_location
    except ImportError:
        return None
    return str(similarity_jar_location())


def spark_session(config: SparkConfig | None = None) -> Any:
    """The process's Spark session (created on first use, reused after as it is: the first
    configuration holds for the process, so a later call does not reset its settings)."""
    if not java_available():
        raise SparkUnavailable("the Spark engine needs Java 17: run scripts/services.sh or apt-get install "
                               "openjdk-17-jre-headless")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable("the Spark engine needs PySpark: pip install 'offensief[spark]'") from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    config = config or SparkConfig.from_env()
    # Python workers run this interpreter (with this product's packages), not the system one.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (SparkSession.builder.master(config.master).appName(config.app_name)
               .config("spark.sql.shuffle.partitions", str(config.partitions))
               .config("spark.driver.memory", config.driver_memory)
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.ansi.enabled", "false")
               .config("spark.sql.icu.caseMappings.enabled", "false")  # JVM lower(): no ICU table build
               .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
               .config("spark.local.dir", tempfile.gettempdir())
               .config("spark.jars.ivy", os.path.join(tempfile.gettempdir(), "offensief-ivy")))
    if config.master.startswith("local"):
        # one machine: stay on the loopback interface, and tolerate a busy machine's pauses
        builder = (builder.config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1")
                   .config("spark.network.timeout", "600s")
                   .config("spark.executor.heartbeatInterval", "60s")
                   # results reach Python over a local socket the JVM waits 15 s for by
                   # default: a 2-core machine under load took longer (collect() failed in CI)
                   .config("spark.python.authenticate.socketTimeout", "300s")
                   # one driver JVM holds every broadcast: a broadcast join side outgrew its
                   # memory in CI (notEnoughMemoryToBuildAndBroadcastTable); sort-merge joins
                   # give the same rows within the memory they are given
                   .config("spark.sql.autoBroadcastJoinThreshold", "-1"))
    jar = _splink_jar()
    if jar:
        builder = builder.config("spark.jars", jar)
    for key, value in config.extra.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    if not spark.sparkContext.getCheckpointDir():
        spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="offensief-spark-"))
    return spark
