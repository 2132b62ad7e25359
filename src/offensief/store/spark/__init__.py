"""The Spark engine of the analytical store: a session factory and statements as Parquet.

The embedded default keeps statements in DuckDB. Where data outgrow one machine the same
statements live as Parquet partitioned by dataset, written and read by Apache Spark
(``--engine spark``); the domain packages run their Spark backends over these tables.
"""

from offensief.store.spark.session import SparkConfig, java_available, spark_session

__all__ = ["SparkConfig", "java_available", "spark_session"]
