# syntax=docker/dockerfile:1
# The image of trust-mirror that the Helm chart (helm/trust-mirror) runs for all three components:
# the runnable jar of cli/ plus an application class-data archive (docs/adr/0013-start-up-time.md),
# as a non-root user, ready for a read-only root file system (the chart mounts /tmp and /data).
#
#   mvn -B -ntp -pl cli -am package -DskipTests        # makes cli/target/trust-mirror.jar
#   docker build -t registry.corp.example/security/trust-mirror:0.1.0 .
#
# Pin the base image by digest for a reproducible build:
#   docker build --build-arg BASE=eclipse-temurin:17-jre@sha256:… -t … .
# (Not built by the tests: no Docker engine runs on the build machines.)
ARG BASE=eclipse-temurin:17-jre
FROM ${BASE}

LABEL org.opencontainers.image.title="trust-mirror" \
      org.opencontainers.image.description="Air-gapped Sigstore trust-root mirror, TUF refresher and offline admission verifier" \
      org.opencontainers.image.licenses="Apache-2.0"

# A fixed non-root user (distroless' "nonroot" ids), so that the JVM finds a home directory.
RUN groupadd --gid 65532 nonroot \
 && useradd --uid 65532 --gid 65532 --home-dir /home/nonroot --create-home --shell /usr/sbin/nologin nonroot

COPY cli/target/trust-mirror.jar /opt/trust-mirror/trust-mirror.jar

# The training run of the launcher ./trust-mirror, at build time: the offline demo (a generated
# repository synced through the git source, published, verified, served) loads the classes of
# sync, serve and status; -XX:ArchiveClassesAtExit stores them, and every start maps them instead
# of loading and verifying them from the jar again (about a second less to ready on 2 cores). The
# archive belongs to this very jar: it is made here, after the COPY, never copied from elsewhere.
RUN java -XX:+UseSerialGC -XX:ArchiveClassesAtExit=/opt/trust-mirror/trust-mirror.jsa \
        -Xlog:cds=off,cds+dynamic=off \
        -jar /opt/trust-mirror/trust-mirror.jar demo --dir /tmp/trust-mirror-demo >/dev/null \
 && rm -rf /tmp/trust-mirror-demo /tmp/hsperfdata_root \
 && test -s /opt/trust-mirror/trust-mirror.jsa \
 && chmod 0444 /opt/trust-mirror/trust-mirror.jar /opt/trust-mirror/trust-mirror.jsa

USER 65532:65532
WORKDIR /home/nonroot

# The JVM flags of each component come from JAVA_TOOL_OPTIONS (the chart sets a heap cap per
# component); this default only keeps a plain `docker run` within half of the container's memory.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"

# Silent if the archive cannot be mapped (another JVM build): classes then load from the jar.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/opt/trust-mirror/trust-mirror.jsa", "-Xlog:cds=off,cds+dynamic=off", "-jar", "/opt/trust-mirror/trust-mirror.jar"]
CMD ["--help"]
