// Redis7015Differential.swift — differential fixtures captured from a real
// redis-server 7.0.15 and the test that replays them. For every directive
// (except a few whose effect is to listen/authenticate) and each of the
// values below: the CONFIG SET reply and the CONFIG GET value that followed,
// and the startup result of `redis-server --port 0 --<name> <value>`.

import Testing
@testable import Config

enum Redis7015Differential {
    static let values: [String] = ["yes", "no", "0", "1", "-1", "1k", "1KB", "05", "", "a b", "10%", "777", "1 2 3", "normal 1 2 3", "default", "A", "3.5", "2gb", "100"]
    /// Reply texts; in `load`, "L:" = error at line 3, "P:" = post-load error.
    static let reasons: [String] = [
        "ERR CONFIG SET failed (possibly related to argument 'acl-pubsub-default') - argument(s) must be one of the following: allchannels, resetchannels",
        "ERR CONFIG SET failed (possibly related to argument 'aclfile') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'acllog-max-len') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'acllog-max-len') - argument must be between 0 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'active-defrag-cycle-max') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'active-defrag-cycle-max') - argument must be between 1 and 99 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'active-defrag-cycle-min') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'active-defrag-cycle-min') - argument must be between 1 and 99 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'active-defrag-ignore-bytes') - argument must be a memory value",
        "ERR CONFIG SET failed (possibly related to argument 'active-defrag-ignore-bytes') - argument must be between 1 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'active-defrag-max-scan-fields') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'active-defrag-max-scan-fields') - argument must be between 1 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'active-defrag-threshold-lower') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'active-defrag-threshold-lower') - argument must be between 0 and 1000 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'active-defrag-threshold-upper') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'active-defrag-threshold-upper') - argument must be between 0 and 1000 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'active-expire-effort') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'active-expire-effort') - argument must be between 1 and 10 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'activedefrag') - Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution",
        "ERR CONFIG SET failed (possibly related to argument 'activedefrag') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'activerehashing') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'always-show-logo') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'aof-disable-auto-gc') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'aof-load-truncated') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'aof-rewrite-incremental-fsync') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'aof-timestamp-enabled') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'aof-use-rdb-preamble') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'aof_rewrite_cpulist') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'appenddirname') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'appendfilename') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'appendfsync') - argument(s) must be one of the following: everysec, always, no",
        "ERR CONFIG SET failed (possibly related to argument 'auto-aof-rewrite-min-size') - argument must be a memory value",
        "ERR CONFIG SET failed (possibly related to argument 'auto-aof-rewrite-percentage') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'auto-aof-rewrite-percentage') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'bgsave_cpulist') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'bio_cpulist') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'busy-reply-threshold') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'busy-reply-threshold') - argument must be between 0 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Wrong number of arguments in buffer limit configuration.",
        "ERR CONFIG SET failed (possibly related to argument 'client-query-buffer-limit') - argument must be a memory value",
        "ERR CONFIG SET failed (possibly related to argument 'client-query-buffer-limit') - argument must be between 1048576 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-allow-pubsubshard-when-down') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-allow-reads-when-down') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-allow-replica-migration') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-announce-bus-port') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-announce-bus-port') - argument must be between 0 and 65535 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-announce-hostname') - Hostnames may only contain alphanumeric characters, hyphens or dots",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-announce-port') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-announce-port') - argument must be between 0 and 65535 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-announce-tls-port') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-announce-tls-port') - argument must be between 0 and 65535 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-config-file') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-enabled') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-link-sendbuf-limit') - argument must be a memory value",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-migration-barrier') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-migration-barrier') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-node-timeout') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-node-timeout') - argument must be between 0 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-port') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-preferred-endpoint-type') - argument(s) must be one of the following: ip, hostname, unknown-endpoint",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-replica-no-failover') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-replica-validity-factor') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-replica-validity-factor') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-require-full-coverage') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-slave-no-failover') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-slave-validity-factor') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'cluster-slave-validity-factor') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'crash-log-enabled') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'crash-memcheck-enabled') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config",
        "ERR CONFIG SET failed (possibly related to argument 'disable-thp') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'dynamic-hz') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'enable-debug-command') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'enable-module-command') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'enable-protected-configs') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-entries') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-entries') - argument must be between 0 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-value') - argument must be a memory value",
        "ERR CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') - argument must be between 0 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'hash-max-ziplist-value') - argument must be a memory value",
        "ERR CONFIG SET failed (possibly related to argument 'hll-sparse-max-bytes') - argument must be a memory value",
        "ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'hz') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'io-threads') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'io-threads-do-reads') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'jemalloc-bg-thread') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'latency-monitor-threshold') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'latency-monitor-threshold') - argument must be between 0 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'latency-tracking') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - Invalid latency-tracking-info-percentiles parameters",
        "ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - latency-tracking-info-percentiles parameters should sit between [0.0,100.0]",
        "ERR CONFIG SET failed (possibly related to argument 'lazyfree-lazy-eviction') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'lazyfree-lazy-expire') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'lazyfree-lazy-server-del') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'lazyfree-lazy-user-del') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'lazyfree-lazy-user-flush') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'lfu-decay-time') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'lfu-decay-time') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'lfu-log-factor') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'lfu-log-factor') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'list-compress-depth') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'list-compress-depth') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'list-max-listpack-size') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'list-max-ziplist-size') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'logfile') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must be one of the following: debug, verbose, notice, warning",
        "ERR CONFIG SET failed (possibly related to argument 'lua-time-limit') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'lua-time-limit') - argument must be between 0 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value",
        "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - argument must be a memory or percent value",
        "ERR CONFIG SET failed (possibly related to argument 'maxmemory-eviction-tenacity') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'maxmemory-eviction-tenacity') - argument must be between 0 and 100 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction",
        "ERR CONFIG SET failed (possibly related to argument 'maxmemory-samples') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'maxmemory-samples') - argument must be between 1 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'min-replicas-max-lag') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'min-replicas-max-lag') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'min-replicas-to-write') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'min-replicas-to-write') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'min-slaves-max-lag') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'min-slaves-max-lag') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'min-slaves-to-write') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'min-slaves-to-write') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'no-appendfsync-on-rewrite') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.",
        "ERR CONFIG SET failed (possibly related to argument 'oom-score-adj') - argument(s) must be one of the following: no, yes, relative, absolute",
        "ERR CONFIG SET failed (possibly related to argument 'oom-score-adj-values') - wrong number of arguments",
        "ERR CONFIG SET failed (possibly related to argument 'pidfile') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'proc-title-template') - template format is invalid or contains unknown variables",
        "ERR CONFIG SET failed (possibly related to argument 'propagation-error-behavior') - argument(s) must be one of the following: ignore, panic, panic-on-replicas",
        "ERR CONFIG SET failed (possibly related to argument 'protected-mode') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be a memory value",
        "ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'rdb-del-sync-files') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'rdb-save-incremental-fsync') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'rdbchecksum') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'rdbcompression') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'repl-backlog-size') - argument must be a memory value",
        "ERR CONFIG SET failed (possibly related to argument 'repl-backlog-size') - argument must be between 1 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'repl-backlog-ttl') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'repl-backlog-ttl') - argument must be between 0 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'repl-disable-tcp-nodelay') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'repl-diskless-load') - argument(s) must be one of the following: disabled, on-empty-db, swapdb",
        "ERR CONFIG SET failed (possibly related to argument 'repl-diskless-sync') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'repl-diskless-sync-delay') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'repl-diskless-sync-delay') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'repl-diskless-sync-max-replicas') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'repl-diskless-sync-max-replicas') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'repl-ping-replica-period') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'repl-ping-replica-period') - argument must be between 1 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'repl-ping-slave-period') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'repl-ping-slave-period') - argument must be between 1 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'repl-timeout') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'repl-timeout') - argument must be between 1 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'replica-announce-port') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'replica-announce-port') - argument must be between 0 and 65535 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'replica-announced') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'replica-ignore-disk-write-errors') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'replica-ignore-maxmemory') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'replica-lazy-flush') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'replica-priority') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'replica-priority') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'replica-read-only') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'replica-serve-stale-data') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'replicaof') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'sanitize-dump-payload') - argument(s) must be one of the following: no, yes, clients",
        "ERR CONFIG SET failed (possibly related to argument 'server_cpulist') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'set-max-intset-entries') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'set-max-intset-entries') - argument must be between 0 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'set-proc-title') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'shutdown-on-sigint') - argument(s) must be one of the following: default, save, nosave, now, force",
        "ERR CONFIG SET failed (possibly related to argument 'shutdown-on-sigterm') - argument(s) must be one of the following: default, save, nosave, now, force",
        "ERR CONFIG SET failed (possibly related to argument 'shutdown-timeout') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'shutdown-timeout') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'slave-announce-port') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'slave-announce-port') - argument must be between 0 and 65535 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'slave-ignore-maxmemory') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'slave-lazy-flush') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'slave-priority') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'slave-priority') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'slave-read-only') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'slave-serve-stale-data') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'slaveof') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'slowlog-log-slower-than') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'slowlog-max-len') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'slowlog-max-len') - argument must be between 0 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'socket-mark-id') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'stop-writes-on-bgsave-error') - argument must be 'yes' or 'no'",
        "ERR CONFIG SET failed (possibly related to argument 'stream-node-max-bytes') - argument must be a memory value",
        "ERR CONFIG SET failed (possibly related to argument 'stream-node-max-entries') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'stream-node-max-entries') - argument must be between 0 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'supervised') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'syslog-enabled') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'syslog-facility') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'syslog-ident') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'tcp-backlog') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'tcp-keepalive') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'tcp-keepalive') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'tls-auth-clients') - argument(s) must be one of the following: no, yes, optional",
        "ERR CONFIG SET failed (possibly related to argument 'tracking-table-max-keys') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'tracking-table-max-keys') - argument must be between 0 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'unixsocket') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'unixsocketperm') - can't set immutable config",
        "ERR CONFIG SET failed (possibly related to argument 'zset-max-listpack-entries') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'zset-max-listpack-entries') - argument must be between 0 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'zset-max-listpack-value') - argument must be a memory value",
        "ERR CONFIG SET failed (possibly related to argument 'zset-max-ziplist-entries') - argument couldn't be parsed into an integer",
        "ERR CONFIG SET failed (possibly related to argument 'zset-max-ziplist-entries') - argument must be between 0 and 9223372036854775807 inclusive",
        "ERR CONFIG SET failed (possibly related to argument 'zset-max-ziplist-value') - argument must be a memory value",
        "L:argument(s) must be one of the following: allchannels, resetchannels",
        "L:argument couldn't be parsed into an integer",
        "L:argument must be between 0 and 9223372036854775807 inclusive",
        "L:argument must be between 1 and 99 inclusive",
        "L:argument must be a memory value",
        "L:argument must be between 1 and 9223372036854775807 inclusive",
        "L:argument must be between 0 and 1000 inclusive",
        "L:argument must be between 1 and 10 inclusive",
        "L:Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution",
        "L:argument must be 'yes' or 'no'",
        "L:appenddirname can't be empty",
        "L:appendfilename can't be empty",
        "L:argument(s) must be one of the following: everysec, always, no",
        "L:argument must be between 0 and 2147483647 inclusive",
        "L:Wrong number of arguments in buffer limit configuration.",
        "L:argument must be between 1048576 and 9223372036854775807 inclusive",
        "L:argument must be between 0 and 65535 inclusive",
        "L:Hostnames may only contain alphanumeric characters, hyphens or dots",
        "L:argument(s) must be one of the following: ip, hostname, unknown-endpoint",
        "L:argument must be between 1 and 2147483647 inclusive",
        "L:No such file or directory",
        "L:argument(s) must be one of the following: no, yes, local",
        "L:argument must be between 1 and 128 inclusive",
        "L:Invalid latency-tracking-info-percentiles parameters",
        "L:latency-tracking-info-percentiles parameters should sit between [0.0,100.0]",
        "L:argument(s) must be one of the following: debug, verbose, notice, warning",
        "L:argument must be between 1 and 4294967295 inclusive",
        "L:argument must be a memory or percent value",
        "L:argument must be between 0 and 100 inclusive",
        "L:argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction",
        "L:Invalid event class character. Use 'Ag$lshzxeKEtmdn'.",
        "L:argument(s) must be one of the following: no, yes, relative, absolute",
        "L:wrong number of arguments",
        "L:template format is invalid or contains unknown variables",
        "L:argument(s) must be one of the following: ignore, panic, panic-on-replicas",
        "L:argument(s) must be one of the following: disabled, on-empty-db, swapdb",
        "L:Invalid master port",
        "L:argument(s) must be one of the following: no, yes, clients",
        "L:Invalid save parameters",
        "L:argument(s) must be one of the following: default, save, nosave, now, force",
        "L:argument must be between 0 and 4294967295 inclusive",
        "L:argument(s) must be one of the following: upstart, systemd, auto, no",
        "L:argument(s) must be one of the following: user, local0, local1, local2, local3, local4, local5, local6, local7",
        "L:argument(s) must be one of the following: no, yes, optional",
        "L:argument couldn't be parsed as an octal number",
        "L:argument must be between 0 and 777 inclusive",
    ]
    /// name \t value index \t reason index (-1 = OK) \t CONFIG GET value afterwards
    static let set = #"""
acl-pubsub-default	0	0	resetchannels
acl-pubsub-default	1	0	resetchannels
acl-pubsub-default	2	0	resetchannels
acl-pubsub-default	3	0	resetchannels
acl-pubsub-default	4	0	resetchannels
acl-pubsub-default	5	0	resetchannels
acl-pubsub-default	6	0	resetchannels
acl-pubsub-default	7	0	resetchannels
acl-pubsub-default	8	0	resetchannels
acl-pubsub-default	9	0	resetchannels
acl-pubsub-default	10	0	resetchannels
acl-pubsub-default	11	0	resetchannels
acl-pubsub-default	12	0	resetchannels
acl-pubsub-default	13	0	resetchannels
acl-pubsub-default	14	0	resetchannels
acl-pubsub-default	15	0	resetchannels
acl-pubsub-default	16	0	resetchannels
acl-pubsub-default	17	0	resetchannels
acl-pubsub-default	18	0	resetchannels
aclfile	0	1	
aclfile	1	1	
aclfile	2	1	
aclfile	3	1	
aclfile	4	1	
aclfile	5	1	
aclfile	6	1	
aclfile	7	1	
aclfile	8	1	
aclfile	9	1	
aclfile	10	1	
aclfile	11	1	
aclfile	12	1	
aclfile	13	1	
aclfile	14	1	
aclfile	15	1	
aclfile	16	1	
aclfile	17	1	
aclfile	18	1	
acllog-max-len	0	2	128
acllog-max-len	1	2	128
acllog-max-len	2	-1	0
acllog-max-len	3	-1	1
acllog-max-len	4	3	128
acllog-max-len	5	2	128
acllog-max-len	6	2	128
acllog-max-len	7	2	128
acllog-max-len	8	2	128
acllog-max-len	9	2	128
acllog-max-len	10	2	128
acllog-max-len	11	-1	777
acllog-max-len	12	2	128
acllog-max-len	13	2	128
acllog-max-len	14	2	128
acllog-max-len	15	2	128
acllog-max-len	16	2	128
acllog-max-len	17	2	128
acllog-max-len	18	-1	100
active-defrag-cycle-max	0	4	25
active-defrag-cycle-max	1	4	25
active-defrag-cycle-max	2	5	25
active-defrag-cycle-max	3	-1	1
active-defrag-cycle-max	4	5	25
active-defrag-cycle-max	5	4	25
active-defrag-cycle-max	6	4	25
active-defrag-cycle-max	7	4	25
active-defrag-cycle-max	8	4	25
active-defrag-cycle-max	9	4	25
active-defrag-cycle-max	10	4	25
active-defrag-cycle-max	11	5	25
active-defrag-cycle-max	12	4	25
active-defrag-cycle-max	13	4	25
active-defrag-cycle-max	14	4	25
active-defrag-cycle-max	15	4	25
active-defrag-cycle-max	16	4	25
active-defrag-cycle-max	17	4	25
active-defrag-cycle-max	18	5	25
active-defrag-cycle-min	0	6	1
active-defrag-cycle-min	1	6	1
active-defrag-cycle-min	2	7	1
active-defrag-cycle-min	3	-1	1
active-defrag-cycle-min	4	7	1
active-defrag-cycle-min	5	6	1
active-defrag-cycle-min	6	6	1
active-defrag-cycle-min	7	6	1
active-defrag-cycle-min	8	6	1
active-defrag-cycle-min	9	6	1
active-defrag-cycle-min	10	6	1
active-defrag-cycle-min	11	7	1
active-defrag-cycle-min	12	6	1
active-defrag-cycle-min	13	6	1
active-defrag-cycle-min	14	6	1
active-defrag-cycle-min	15	6	1
active-defrag-cycle-min	16	6	1
active-defrag-cycle-min	17	6	1
active-defrag-cycle-min	18	7	1
active-defrag-ignore-bytes	0	8	104857600
active-defrag-ignore-bytes	1	8	104857600
active-defrag-ignore-bytes	2	9	104857600
active-defrag-ignore-bytes	3	-1	1
active-defrag-ignore-bytes	4	8	104857600
active-defrag-ignore-bytes	5	-1	1000
active-defrag-ignore-bytes	6	-1	1024
active-defrag-ignore-bytes	7	-1	5
active-defrag-ignore-bytes	8	9	104857600
active-defrag-ignore-bytes	9	8	104857600
active-defrag-ignore-bytes	10	8	104857600
active-defrag-ignore-bytes	11	-1	777
active-defrag-ignore-bytes	12	8	104857600
active-defrag-ignore-bytes	13	8	104857600
active-defrag-ignore-bytes	14	8	104857600
active-defrag-ignore-bytes	15	8	104857600
active-defrag-ignore-bytes	16	8	104857600
active-defrag-ignore-bytes	17	-1	2147483648
active-defrag-ignore-bytes	18	-1	100
active-defrag-max-scan-fields	0	10	1000
active-defrag-max-scan-fields	1	10	1000
active-defrag-max-scan-fields	2	11	1000
active-defrag-max-scan-fields	3	-1	1
active-defrag-max-scan-fields	4	11	1000
active-defrag-max-scan-fields	5	10	1000
active-defrag-max-scan-fields	6	10	1000
active-defrag-max-scan-fields	7	10	1000
active-defrag-max-scan-fields	8	10	1000
active-defrag-max-scan-fields	9	10	1000
active-defrag-max-scan-fields	10	10	1000
active-defrag-max-scan-fields	11	-1	777
active-defrag-max-scan-fields	12	10	1000
active-defrag-max-scan-fields	13	10	1000
active-defrag-max-scan-fields	14	10	1000
active-defrag-max-scan-fields	15	10	1000
active-defrag-max-scan-fields	16	10	1000
active-defrag-max-scan-fields	17	10	1000
active-defrag-max-scan-fields	18	-1	100
active-defrag-threshold-lower	0	12	10
active-defrag-threshold-lower	1	12	10
active-defrag-threshold-lower	2	-1	0
active-defrag-threshold-lower	3	-1	1
active-defrag-threshold-lower	4	13	10
active-defrag-threshold-lower	5	12	10
active-defrag-threshold-lower	6	12	10
active-defrag-threshold-lower	7	12	10
active-defrag-threshold-lower	8	12	10
active-defrag-threshold-lower	9	12	10
active-defrag-threshold-lower	10	12	10
active-defrag-threshold-lower	11	-1	777
active-defrag-threshold-lower	12	12	10
active-defrag-threshold-lower	13	12	10
active-defrag-threshold-lower	14	12	10
active-defrag-threshold-lower	15	12	10
active-defrag-threshold-lower	16	12	10
active-defrag-threshold-lower	17	12	10
active-defrag-threshold-lower	18	-1	100
active-defrag-threshold-upper	0	14	100
active-defrag-threshold-upper	1	14	100
active-defrag-threshold-upper	2	-1	0
active-defrag-threshold-upper	3	-1	1
active-defrag-threshold-upper	4	15	100
active-defrag-threshold-upper	5	14	100
active-defrag-threshold-upper	6	14	100
active-defrag-threshold-upper	7	14	100
active-defrag-threshold-upper	8	14	100
active-defrag-threshold-upper	9	14	100
active-defrag-threshold-upper	10	14	100
active-defrag-threshold-upper	11	-1	777
active-defrag-threshold-upper	12	14	100
active-defrag-threshold-upper	13	14	100
active-defrag-threshold-upper	14	14	100
active-defrag-threshold-upper	15	14	100
active-defrag-threshold-upper	16	14	100
active-defrag-threshold-upper	17	14	100
active-defrag-threshold-upper	18	-1	100
active-expire-effort	0	16	1
active-expire-effort	1	16	1
active-expire-effort	2	17	1
active-expire-effort	3	-1	1
active-expire-effort	4	17	1
active-expire-effort	5	16	1
active-expire-effort	6	16	1
active-expire-effort	7	16	1
active-expire-effort	8	16	1
active-expire-effort	9	16	1
active-expire-effort	10	16	1
active-expire-effort	11	17	1
active-expire-effort	12	16	1
active-expire-effort	13	16	1
active-expire-effort	14	16	1
active-expire-effort	15	16	1
active-expire-effort	16	16	1
active-expire-effort	17	16	1
active-expire-effort	18	17	1
activedefrag	0	18	no
activedefrag	1	-1	no
activedefrag	2	19	no
activedefrag	3	19	no
activedefrag	4	19	no
activedefrag	5	19	no
activedefrag	6	19	no
activedefrag	7	19	no
activedefrag	8	19	no
activedefrag	9	19	no
activedefrag	10	19	no
activedefrag	11	19	no
activedefrag	12	19	no
activedefrag	13	19	no
activedefrag	14	19	no
activedefrag	15	19	no
activedefrag	16	19	no
activedefrag	17	19	no
activedefrag	18	19	no
activerehashing	0	-1	yes
activerehashing	1	-1	no
activerehashing	2	20	yes
activerehashing	3	20	yes
activerehashing	4	20	yes
activerehashing	5	20	yes
activerehashing	6	20	yes
activerehashing	7	20	yes
activerehashing	8	20	yes
activerehashing	9	20	yes
activerehashing	10	20	yes
activerehashing	11	20	yes
activerehashing	12	20	yes
activerehashing	13	20	yes
activerehashing	14	20	yes
activerehashing	15	20	yes
activerehashing	16	20	yes
activerehashing	17	20	yes
activerehashing	18	20	yes
always-show-logo	0	21	no
always-show-logo	1	21	no
always-show-logo	2	21	no
always-show-logo	3	21	no
always-show-logo	4	21	no
always-show-logo	5	21	no
always-show-logo	6	21	no
always-show-logo	7	21	no
always-show-logo	8	21	no
always-show-logo	9	21	no
always-show-logo	10	21	no
always-show-logo	11	21	no
always-show-logo	12	21	no
always-show-logo	13	21	no
always-show-logo	14	21	no
always-show-logo	15	21	no
always-show-logo	16	21	no
always-show-logo	17	21	no
always-show-logo	18	21	no
aof-disable-auto-gc	0	-1	yes
aof-disable-auto-gc	1	-1	no
aof-disable-auto-gc	2	22	no
aof-disable-auto-gc	3	22	no
aof-disable-auto-gc	4	22	no
aof-disable-auto-gc	5	22	no
aof-disable-auto-gc	6	22	no
aof-disable-auto-gc	7	22	no
aof-disable-auto-gc	8	22	no
aof-disable-auto-gc	9	22	no
aof-disable-auto-gc	10	22	no
aof-disable-auto-gc	11	22	no
aof-disable-auto-gc	12	22	no
aof-disable-auto-gc	13	22	no
aof-disable-auto-gc	14	22	no
aof-disable-auto-gc	15	22	no
aof-disable-auto-gc	16	22	no
aof-disable-auto-gc	17	22	no
aof-disable-auto-gc	18	22	no
aof-load-truncated	0	-1	yes
aof-load-truncated	1	-1	no
aof-load-truncated	2	23	yes
aof-load-truncated	3	23	yes
aof-load-truncated	4	23	yes
aof-load-truncated	5	23	yes
aof-load-truncated	6	23	yes
aof-load-truncated	7	23	yes
aof-load-truncated	8	23	yes
aof-load-truncated	9	23	yes
aof-load-truncated	10	23	yes
aof-load-truncated	11	23	yes
aof-load-truncated	12	23	yes
aof-load-truncated	13	23	yes
aof-load-truncated	14	23	yes
aof-load-truncated	15	23	yes
aof-load-truncated	16	23	yes
aof-load-truncated	17	23	yes
aof-load-truncated	18	23	yes
aof-rewrite-incremental-fsync	0	-1	yes
aof-rewrite-incremental-fsync	1	-1	no
aof-rewrite-incremental-fsync	2	24	yes
aof-rewrite-incremental-fsync	3	24	yes
aof-rewrite-incremental-fsync	4	24	yes
aof-rewrite-incremental-fsync	5	24	yes
aof-rewrite-incremental-fsync	6	24	yes
aof-rewrite-incremental-fsync	7	24	yes
aof-rewrite-incremental-fsync	8	24	yes
aof-rewrite-incremental-fsync	9	24	yes
aof-rewrite-incremental-fsync	10	24	yes
aof-rewrite-incremental-fsync	11	24	yes
aof-rewrite-incremental-fsync	12	24	yes
aof-rewrite-incremental-fsync	13	24	yes
aof-rewrite-incremental-fsync	14	24	yes
aof-rewrite-incremental-fsync	15	24	yes
aof-rewrite-incremental-fsync	16	24	yes
aof-rewrite-incremental-fsync	17	24	yes
aof-rewrite-incremental-fsync	18	24	yes
aof-timestamp-enabled	0	-1	yes
aof-timestamp-enabled	1	-1	no
aof-timestamp-enabled	2	25	no
aof-timestamp-enabled	3	25	no
aof-timestamp-enabled	4	25	no
aof-timestamp-enabled	5	25	no
aof-timestamp-enabled	6	25	no
aof-timestamp-enabled	7	25	no
aof-timestamp-enabled	8	25	no
aof-timestamp-enabled	9	25	no
aof-timestamp-enabled	10	25	no
aof-timestamp-enabled	11	25	no
aof-timestamp-enabled	12	25	no
aof-timestamp-enabled	13	25	no
aof-timestamp-enabled	14	25	no
aof-timestamp-enabled	15	25	no
aof-timestamp-enabled	16	25	no
aof-timestamp-enabled	17	25	no
aof-timestamp-enabled	18	25	no
aof-use-rdb-preamble	0	-1	yes
aof-use-rdb-preamble	1	-1	no
aof-use-rdb-preamble	2	26	yes
aof-use-rdb-preamble	3	26	yes
aof-use-rdb-preamble	4	26	yes
aof-use-rdb-preamble	5	26	yes
aof-use-rdb-preamble	6	26	yes
aof-use-rdb-preamble	7	26	yes
aof-use-rdb-preamble	8	26	yes
aof-use-rdb-preamble	9	26	yes
aof-use-rdb-preamble	10	26	yes
aof-use-rdb-preamble	11	26	yes
aof-use-rdb-preamble	12	26	yes
aof-use-rdb-preamble	13	26	yes
aof-use-rdb-preamble	14	26	yes
aof-use-rdb-preamble	15	26	yes
aof-use-rdb-preamble	16	26	yes
aof-use-rdb-preamble	17	26	yes
aof-use-rdb-preamble	18	26	yes
aof_rewrite_cpulist	0	27	
aof_rewrite_cpulist	1	27	
aof_rewrite_cpulist	2	27	
aof_rewrite_cpulist	3	27	
aof_rewrite_cpulist	4	27	
aof_rewrite_cpulist	5	27	
aof_rewrite_cpulist	6	27	
aof_rewrite_cpulist	7	27	
aof_rewrite_cpulist	8	27	
aof_rewrite_cpulist	9	27	
aof_rewrite_cpulist	10	27	
aof_rewrite_cpulist	11	27	
aof_rewrite_cpulist	12	27	
aof_rewrite_cpulist	13	27	
aof_rewrite_cpulist	14	27	
aof_rewrite_cpulist	15	27	
aof_rewrite_cpulist	16	27	
aof_rewrite_cpulist	17	27	
aof_rewrite_cpulist	18	27	
appenddirname	0	28	appendonlydir
appenddirname	1	28	appendonlydir
appenddirname	2	28	appendonlydir
appenddirname	3	28	appendonlydir
appenddirname	4	28	appendonlydir
appenddirname	5	28	appendonlydir
appenddirname	6	28	appendonlydir
appenddirname	7	28	appendonlydir
appenddirname	8	28	appendonlydir
appenddirname	9	28	appendonlydir
appenddirname	10	28	appendonlydir
appenddirname	11	28	appendonlydir
appenddirname	12	28	appendonlydir
appenddirname	13	28	appendonlydir
appenddirname	14	28	appendonlydir
appenddirname	15	28	appendonlydir
appenddirname	16	28	appendonlydir
appenddirname	17	28	appendonlydir
appenddirname	18	28	appendonlydir
appendfilename	0	29	appendonly.aof
appendfilename	1	29	appendonly.aof
appendfilename	2	29	appendonly.aof
appendfilename	3	29	appendonly.aof
appendfilename	4	29	appendonly.aof
appendfilename	5	29	appendonly.aof
appendfilename	6	29	appendonly.aof
appendfilename	7	29	appendonly.aof
appendfilename	8	29	appendonly.aof
appendfilename	9	29	appendonly.aof
appendfilename	10	29	appendonly.aof
appendfilename	11	29	appendonly.aof
appendfilename	12	29	appendonly.aof
appendfilename	13	29	appendonly.aof
appendfilename	14	29	appendonly.aof
appendfilename	15	29	appendonly.aof
appendfilename	16	29	appendonly.aof
appendfilename	17	29	appendonly.aof
appendfilename	18	29	appendonly.aof
appendfsync	0	30	everysec
appendfsync	1	-1	no
appendfsync	2	30	everysec
appendfsync	3	30	everysec
appendfsync	4	30	everysec
appendfsync	5	30	everysec
appendfsync	6	30	everysec
appendfsync	7	30	everysec
appendfsync	8	30	everysec
appendfsync	9	30	everysec
appendfsync	10	30	everysec
appendfsync	11	30	everysec
appendfsync	12	30	everysec
appendfsync	13	30	everysec
appendfsync	14	30	everysec
appendfsync	15	30	everysec
appendfsync	16	30	everysec
appendfsync	17	30	everysec
appendfsync	18	30	everysec
auto-aof-rewrite-min-size	0	31	67108864
auto-aof-rewrite-min-size	1	31	67108864
auto-aof-rewrite-min-size	2	-1	0
auto-aof-rewrite-min-size	3	-1	1
auto-aof-rewrite-min-size	4	31	67108864
auto-aof-rewrite-min-size	5	-1	1000
auto-aof-rewrite-min-size	6	-1	1024
auto-aof-rewrite-min-size	7	-1	5
auto-aof-rewrite-min-size	8	-1	0
auto-aof-rewrite-min-size	9	31	67108864
auto-aof-rewrite-min-size	10	31	67108864
auto-aof-rewrite-min-size	11	-1	777
auto-aof-rewrite-min-size	12	31	67108864
auto-aof-rewrite-min-size	13	31	67108864
auto-aof-rewrite-min-size	14	31	67108864
auto-aof-rewrite-min-size	15	31	67108864
auto-aof-rewrite-min-size	16	31	67108864
auto-aof-rewrite-min-size	17	-1	2147483648
auto-aof-rewrite-min-size	18	-1	100
auto-aof-rewrite-percentage	0	32	100
auto-aof-rewrite-percentage	1	32	100
auto-aof-rewrite-percentage	2	-1	0
auto-aof-rewrite-percentage	3	-1	1
auto-aof-rewrite-percentage	4	33	100
auto-aof-rewrite-percentage	5	32	100
auto-aof-rewrite-percentage	6	32	100
auto-aof-rewrite-percentage	7	32	100
auto-aof-rewrite-percentage	8	32	100
auto-aof-rewrite-percentage	9	32	100
auto-aof-rewrite-percentage	10	32	100
auto-aof-rewrite-percentage	11	-1	777
auto-aof-rewrite-percentage	12	32	100
auto-aof-rewrite-percentage	13	32	100
auto-aof-rewrite-percentage	14	32	100
auto-aof-rewrite-percentage	15	32	100
auto-aof-rewrite-percentage	16	32	100
auto-aof-rewrite-percentage	17	32	100
auto-aof-rewrite-percentage	18	-1	100
bgsave_cpulist	0	34	
bgsave_cpulist	1	34	
bgsave_cpulist	2	34	
bgsave_cpulist	3	34	
bgsave_cpulist	4	34	
bgsave_cpulist	5	34	
bgsave_cpulist	6	34	
bgsave_cpulist	7	34	
bgsave_cpulist	8	34	
bgsave_cpulist	9	34	
bgsave_cpulist	10	34	
bgsave_cpulist	11	34	
bgsave_cpulist	12	34	
bgsave_cpulist	13	34	
bgsave_cpulist	14	34	
bgsave_cpulist	15	34	
bgsave_cpulist	16	34	
bgsave_cpulist	17	34	
bgsave_cpulist	18	34	
bind-source-addr	0	-1	yes
bind-source-addr	1	-1	no
bind-source-addr	2	-1	0
bind-source-addr	3	-1	1
bind-source-addr	4	-1	-1
bind-source-addr	5	-1	1k
bind-source-addr	6	-1	1KB
bind-source-addr	7	-1	05
bind-source-addr	8	-1	
bind-source-addr	9	-1	a b
bind-source-addr	10	-1	10%
bind-source-addr	11	-1	777
bind-source-addr	12	-1	1 2 3
bind-source-addr	13	-1	normal 1 2 3
bind-source-addr	14	-1	default
bind-source-addr	15	-1	A
bind-source-addr	16	-1	3.5
bind-source-addr	17	-1	2gb
bind-source-addr	18	-1	100
bio_cpulist	0	35	
bio_cpulist	1	35	
bio_cpulist	2	35	
bio_cpulist	3	35	
bio_cpulist	4	35	
bio_cpulist	5	35	
bio_cpulist	6	35	
bio_cpulist	7	35	
bio_cpulist	8	35	
bio_cpulist	9	35	
bio_cpulist	10	35	
bio_cpulist	11	35	
bio_cpulist	12	35	
bio_cpulist	13	35	
bio_cpulist	14	35	
bio_cpulist	15	35	
bio_cpulist	16	35	
bio_cpulist	17	35	
bio_cpulist	18	35	
busy-reply-threshold	0	36	5000
busy-reply-threshold	1	36	5000
busy-reply-threshold	2	-1	0
busy-reply-threshold	3	-1	1
busy-reply-threshold	4	37	5000
busy-reply-threshold	5	36	5000
busy-reply-threshold	6	36	5000
busy-reply-threshold	7	36	5000
busy-reply-threshold	8	36	5000
busy-reply-threshold	9	36	5000
busy-reply-threshold	10	36	5000
busy-reply-threshold	11	-1	777
busy-reply-threshold	12	36	5000
busy-reply-threshold	13	36	5000
busy-reply-threshold	14	36	5000
busy-reply-threshold	15	36	5000
busy-reply-threshold	16	36	5000
busy-reply-threshold	17	36	5000
busy-reply-threshold	18	-1	100
client-output-buffer-limit	0	38	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	1	38	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	2	38	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	3	38	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	4	38	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	5	38	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	6	38	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	7	38	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	8	-1	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	9	38	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	10	38	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	11	38	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	12	38	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	13	-1	normal 1 2 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	14	38	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	15	38	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	16	38	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	17	38	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-output-buffer-limit	18	38	normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60
client-query-buffer-limit	0	39	1073741824
client-query-buffer-limit	1	39	1073741824
client-query-buffer-limit	2	40	1073741824
client-query-buffer-limit	3	40	1073741824
client-query-buffer-limit	4	39	1073741824
client-query-buffer-limit	5	40	1073741824
client-query-buffer-limit	6	40	1073741824
client-query-buffer-limit	7	40	1073741824
client-query-buffer-limit	8	40	1073741824
client-query-buffer-limit	9	39	1073741824
client-query-buffer-limit	10	39	1073741824
client-query-buffer-limit	11	40	1073741824
client-query-buffer-limit	12	39	1073741824
client-query-buffer-limit	13	39	1073741824
client-query-buffer-limit	14	39	1073741824
client-query-buffer-limit	15	39	1073741824
client-query-buffer-limit	16	39	1073741824
client-query-buffer-limit	17	-1	2147483648
client-query-buffer-limit	18	40	1073741824
cluster-allow-pubsubshard-when-down	0	-1	yes
cluster-allow-pubsubshard-when-down	1	-1	no
cluster-allow-pubsubshard-when-down	2	41	yes
cluster-allow-pubsubshard-when-down	3	41	yes
cluster-allow-pubsubshard-when-down	4	41	yes
cluster-allow-pubsubshard-when-down	5	41	yes
cluster-allow-pubsubshard-when-down	6	41	yes
cluster-allow-pubsubshard-when-down	7	41	yes
cluster-allow-pubsubshard-when-down	8	41	yes
cluster-allow-pubsubshard-when-down	9	41	yes
cluster-allow-pubsubshard-when-down	10	41	yes
cluster-allow-pubsubshard-when-down	11	41	yes
cluster-allow-pubsubshard-when-down	12	41	yes
cluster-allow-pubsubshard-when-down	13	41	yes
cluster-allow-pubsubshard-when-down	14	41	yes
cluster-allow-pubsubshard-when-down	15	41	yes
cluster-allow-pubsubshard-when-down	16	41	yes
cluster-allow-pubsubshard-when-down	17	41	yes
cluster-allow-pubsubshard-when-down	18	41	yes
cluster-allow-reads-when-down	0	-1	yes
cluster-allow-reads-when-down	1	-1	no
cluster-allow-reads-when-down	2	42	no
cluster-allow-reads-when-down	3	42	no
cluster-allow-reads-when-down	4	42	no
cluster-allow-reads-when-down	5	42	no
cluster-allow-reads-when-down	6	42	no
cluster-allow-reads-when-down	7	42	no
cluster-allow-reads-when-down	8	42	no
cluster-allow-reads-when-down	9	42	no
cluster-allow-reads-when-down	10	42	no
cluster-allow-reads-when-down	11	42	no
cluster-allow-reads-when-down	12	42	no
cluster-allow-reads-when-down	13	42	no
cluster-allow-reads-when-down	14	42	no
cluster-allow-reads-when-down	15	42	no
cluster-allow-reads-when-down	16	42	no
cluster-allow-reads-when-down	17	42	no
cluster-allow-reads-when-down	18	42	no
cluster-allow-replica-migration	0	-1	yes
cluster-allow-replica-migration	1	-1	no
cluster-allow-replica-migration	2	43	yes
cluster-allow-replica-migration	3	43	yes
cluster-allow-replica-migration	4	43	yes
cluster-allow-replica-migration	5	43	yes
cluster-allow-replica-migration	6	43	yes
cluster-allow-replica-migration	7	43	yes
cluster-allow-replica-migration	8	43	yes
cluster-allow-replica-migration	9	43	yes
cluster-allow-replica-migration	10	43	yes
cluster-allow-replica-migration	11	43	yes
cluster-allow-replica-migration	12	43	yes
cluster-allow-replica-migration	13	43	yes
cluster-allow-replica-migration	14	43	yes
cluster-allow-replica-migration	15	43	yes
cluster-allow-replica-migration	16	43	yes
cluster-allow-replica-migration	17	43	yes
cluster-allow-replica-migration	18	43	yes
cluster-announce-bus-port	0	44	0
cluster-announce-bus-port	1	44	0
cluster-announce-bus-port	2	-1	0
cluster-announce-bus-port	3	-1	1
cluster-announce-bus-port	4	45	0
cluster-announce-bus-port	5	44	0
cluster-announce-bus-port	6	44	0
cluster-announce-bus-port	7	44	0
cluster-announce-bus-port	8	44	0
cluster-announce-bus-port	9	44	0
cluster-announce-bus-port	10	44	0
cluster-announce-bus-port	11	-1	777
cluster-announce-bus-port	12	44	0
cluster-announce-bus-port	13	44	0
cluster-announce-bus-port	14	44	0
cluster-announce-bus-port	15	44	0
cluster-announce-bus-port	16	44	0
cluster-announce-bus-port	17	44	0
cluster-announce-bus-port	18	-1	100
cluster-announce-hostname	0	-1	yes
cluster-announce-hostname	1	-1	no
cluster-announce-hostname	2	-1	0
cluster-announce-hostname	3	-1	1
cluster-announce-hostname	4	-1	-1
cluster-announce-hostname	5	-1	1k
cluster-announce-hostname	6	-1	1KB
cluster-announce-hostname	7	-1	05
cluster-announce-hostname	8	-1	
cluster-announce-hostname	9	46	
cluster-announce-hostname	10	46	
cluster-announce-hostname	11	-1	777
cluster-announce-hostname	12	46	
cluster-announce-hostname	13	46	
cluster-announce-hostname	14	-1	default
cluster-announce-hostname	15	-1	A
cluster-announce-hostname	16	-1	3.5
cluster-announce-hostname	17	-1	2gb
cluster-announce-hostname	18	-1	100
cluster-announce-ip	0	-1	yes
cluster-announce-ip	1	-1	no
cluster-announce-ip	2	-1	0
cluster-announce-ip	3	-1	1
cluster-announce-ip	4	-1	-1
cluster-announce-ip	5	-1	1k
cluster-announce-ip	6	-1	1KB
cluster-announce-ip	7	-1	05
cluster-announce-ip	8	-1	
cluster-announce-ip	9	-1	a b
cluster-announce-ip	10	-1	10%
cluster-announce-ip	11	-1	777
cluster-announce-ip	12	-1	1 2 3
cluster-announce-ip	13	-1	normal 1 2 3
cluster-announce-ip	14	-1	default
cluster-announce-ip	15	-1	A
cluster-announce-ip	16	-1	3.5
cluster-announce-ip	17	-1	2gb
cluster-announce-ip	18	-1	100
cluster-announce-port	0	47	0
cluster-announce-port	1	47	0
cluster-announce-port	2	-1	0
cluster-announce-port	3	-1	1
cluster-announce-port	4	48	0
cluster-announce-port	5	47	0
cluster-announce-port	6	47	0
cluster-announce-port	7	47	0
cluster-announce-port	8	47	0
cluster-announce-port	9	47	0
cluster-announce-port	10	47	0
cluster-announce-port	11	-1	777
cluster-announce-port	12	47	0
cluster-announce-port	13	47	0
cluster-announce-port	14	47	0
cluster-announce-port	15	47	0
cluster-announce-port	16	47	0
cluster-announce-port	17	47	0
cluster-announce-port	18	-1	100
cluster-announce-tls-port	0	49	0
cluster-announce-tls-port	1	49	0
cluster-announce-tls-port	2	-1	0
cluster-announce-tls-port	3	-1	1
cluster-announce-tls-port	4	50	0
cluster-announce-tls-port	5	49	0
cluster-announce-tls-port	6	49	0
cluster-announce-tls-port	7	49	0
cluster-announce-tls-port	8	49	0
cluster-announce-tls-port	9	49	0
cluster-announce-tls-port	10	49	0
cluster-announce-tls-port	11	-1	777
cluster-announce-tls-port	12	49	0
cluster-announce-tls-port	13	49	0
cluster-announce-tls-port	14	49	0
cluster-announce-tls-port	15	49	0
cluster-announce-tls-port	16	49	0
cluster-announce-tls-port	17	49	0
cluster-announce-tls-port	18	-1	100
cluster-config-file	0	51	nodes.conf
cluster-config-file	1	51	nodes.conf
cluster-config-file	2	51	nodes.conf
cluster-config-file	3	51	nodes.conf
cluster-config-file	4	51	nodes.conf
cluster-config-file	5	51	nodes.conf
cluster-config-file	6	51	nodes.conf
cluster-config-file	7	51	nodes.conf
cluster-config-file	8	51	nodes.conf
cluster-config-file	9	51	nodes.conf
cluster-config-file	10	51	nodes.conf
cluster-config-file	11	51	nodes.conf
cluster-config-file	12	51	nodes.conf
cluster-config-file	13	51	nodes.conf
cluster-config-file	14	51	nodes.conf
cluster-config-file	15	51	nodes.conf
cluster-config-file	16	51	nodes.conf
cluster-config-file	17	51	nodes.conf
cluster-config-file	18	51	nodes.conf
cluster-enabled	0	52	no
cluster-enabled	1	52	no
cluster-enabled	2	52	no
cluster-enabled	3	52	no
cluster-enabled	4	52	no
cluster-enabled	5	52	no
cluster-enabled	6	52	no
cluster-enabled	7	52	no
cluster-enabled	8	52	no
cluster-enabled	9	52	no
cluster-enabled	10	52	no
cluster-enabled	11	52	no
cluster-enabled	12	52	no
cluster-enabled	13	52	no
cluster-enabled	14	52	no
cluster-enabled	15	52	no
cluster-enabled	16	52	no
cluster-enabled	17	52	no
cluster-enabled	18	52	no
cluster-link-sendbuf-limit	0	53	0
cluster-link-sendbuf-limit	1	53	0
cluster-link-sendbuf-limit	2	-1	0
cluster-link-sendbuf-limit	3	-1	1
cluster-link-sendbuf-limit	4	53	0
cluster-link-sendbuf-limit	5	-1	1000
cluster-link-sendbuf-limit	6	-1	1024
cluster-link-sendbuf-limit	7	-1	5
cluster-link-sendbuf-limit	8	-1	0
cluster-link-sendbuf-limit	9	53	0
cluster-link-sendbuf-limit	10	53	0
cluster-link-sendbuf-limit	11	-1	777
cluster-link-sendbuf-limit	12	53	0
cluster-link-sendbuf-limit	13	53	0
cluster-link-sendbuf-limit	14	53	0
cluster-link-sendbuf-limit	15	53	0
cluster-link-sendbuf-limit	16	53	0
cluster-link-sendbuf-limit	17	-1	2147483648
cluster-link-sendbuf-limit	18	-1	100
cluster-migration-barrier	0	54	1
cluster-migration-barrier	1	54	1
cluster-migration-barrier	2	-1	0
cluster-migration-barrier	3	-1	1
cluster-migration-barrier	4	55	1
cluster-migration-barrier	5	54	1
cluster-migration-barrier	6	54	1
cluster-migration-barrier	7	54	1
cluster-migration-barrier	8	54	1
cluster-migration-barrier	9	54	1
cluster-migration-barrier	10	54	1
cluster-migration-barrier	11	-1	777
cluster-migration-barrier	12	54	1
cluster-migration-barrier	13	54	1
cluster-migration-barrier	14	54	1
cluster-migration-barrier	15	54	1
cluster-migration-barrier	16	54	1
cluster-migration-barrier	17	54	1
cluster-migration-barrier	18	-1	100
cluster-node-timeout	0	56	15000
cluster-node-timeout	1	56	15000
cluster-node-timeout	2	-1	0
cluster-node-timeout	3	-1	1
cluster-node-timeout	4	57	15000
cluster-node-timeout	5	56	15000
cluster-node-timeout	6	56	15000
cluster-node-timeout	7	56	15000
cluster-node-timeout	8	56	15000
cluster-node-timeout	9	56	15000
cluster-node-timeout	10	56	15000
cluster-node-timeout	11	-1	777
cluster-node-timeout	12	56	15000
cluster-node-timeout	13	56	15000
cluster-node-timeout	14	56	15000
cluster-node-timeout	15	56	15000
cluster-node-timeout	16	56	15000
cluster-node-timeout	17	56	15000
cluster-node-timeout	18	-1	100
cluster-port	0	58	0
cluster-port	1	58	0
cluster-port	2	58	0
cluster-port	3	58	0
cluster-port	4	58	0
cluster-port	5	58	0
cluster-port	6	58	0
cluster-port	7	58	0
cluster-port	8	58	0
cluster-port	9	58	0
cluster-port	10	58	0
cluster-port	11	58	0
cluster-port	12	58	0
cluster-port	13	58	0
cluster-port	14	58	0
cluster-port	15	58	0
cluster-port	16	58	0
cluster-port	17	58	0
cluster-port	18	58	0
cluster-preferred-endpoint-type	0	59	ip
cluster-preferred-endpoint-type	1	59	ip
cluster-preferred-endpoint-type	2	59	ip
cluster-preferred-endpoint-type	3	59	ip
cluster-preferred-endpoint-type	4	59	ip
cluster-preferred-endpoint-type	5	59	ip
cluster-preferred-endpoint-type	6	59	ip
cluster-preferred-endpoint-type	7	59	ip
cluster-preferred-endpoint-type	8	59	ip
cluster-preferred-endpoint-type	9	59	ip
cluster-preferred-endpoint-type	10	59	ip
cluster-preferred-endpoint-type	11	59	ip
cluster-preferred-endpoint-type	12	59	ip
cluster-preferred-endpoint-type	13	59	ip
cluster-preferred-endpoint-type	14	59	ip
cluster-preferred-endpoint-type	15	59	ip
cluster-preferred-endpoint-type	16	59	ip
cluster-preferred-endpoint-type	17	59	ip
cluster-preferred-endpoint-type	18	59	ip
cluster-replica-no-failover	0	-1	yes
cluster-replica-no-failover	1	-1	no
cluster-replica-no-failover	2	60	no
cluster-replica-no-failover	3	60	no
cluster-replica-no-failover	4	60	no
cluster-replica-no-failover	5	60	no
cluster-replica-no-failover	6	60	no
cluster-replica-no-failover	7	60	no
cluster-replica-no-failover	8	60	no
cluster-replica-no-failover	9	60	no
cluster-replica-no-failover	10	60	no
cluster-replica-no-failover	11	60	no
cluster-replica-no-failover	12	60	no
cluster-replica-no-failover	13	60	no
cluster-replica-no-failover	14	60	no
cluster-replica-no-failover	15	60	no
cluster-replica-no-failover	16	60	no
cluster-replica-no-failover	17	60	no
cluster-replica-no-failover	18	60	no
cluster-replica-validity-factor	0	61	10
cluster-replica-validity-factor	1	61	10
cluster-replica-validity-factor	2	-1	0
cluster-replica-validity-factor	3	-1	1
cluster-replica-validity-factor	4	62	10
cluster-replica-validity-factor	5	61	10
cluster-replica-validity-factor	6	61	10
cluster-replica-validity-factor	7	61	10
cluster-replica-validity-factor	8	61	10
cluster-replica-validity-factor	9	61	10
cluster-replica-validity-factor	10	61	10
cluster-replica-validity-factor	11	-1	777
cluster-replica-validity-factor	12	61	10
cluster-replica-validity-factor	13	61	10
cluster-replica-validity-factor	14	61	10
cluster-replica-validity-factor	15	61	10
cluster-replica-validity-factor	16	61	10
cluster-replica-validity-factor	17	61	10
cluster-replica-validity-factor	18	-1	100
cluster-require-full-coverage	0	-1	yes
cluster-require-full-coverage	1	-1	no
cluster-require-full-coverage	2	63	yes
cluster-require-full-coverage	3	63	yes
cluster-require-full-coverage	4	63	yes
cluster-require-full-coverage	5	63	yes
cluster-require-full-coverage	6	63	yes
cluster-require-full-coverage	7	63	yes
cluster-require-full-coverage	8	63	yes
cluster-require-full-coverage	9	63	yes
cluster-require-full-coverage	10	63	yes
cluster-require-full-coverage	11	63	yes
cluster-require-full-coverage	12	63	yes
cluster-require-full-coverage	13	63	yes
cluster-require-full-coverage	14	63	yes
cluster-require-full-coverage	15	63	yes
cluster-require-full-coverage	16	63	yes
cluster-require-full-coverage	17	63	yes
cluster-require-full-coverage	18	63	yes
cluster-slave-no-failover	0	-1	yes
cluster-slave-no-failover	1	-1	no
cluster-slave-no-failover	2	64	no
cluster-slave-no-failover	3	64	no
cluster-slave-no-failover	4	64	no
cluster-slave-no-failover	5	64	no
cluster-slave-no-failover	6	64	no
cluster-slave-no-failover	7	64	no
cluster-slave-no-failover	8	64	no
cluster-slave-no-failover	9	64	no
cluster-slave-no-failover	10	64	no
cluster-slave-no-failover	11	64	no
cluster-slave-no-failover	12	64	no
cluster-slave-no-failover	13	64	no
cluster-slave-no-failover	14	64	no
cluster-slave-no-failover	15	64	no
cluster-slave-no-failover	16	64	no
cluster-slave-no-failover	17	64	no
cluster-slave-no-failover	18	64	no
cluster-slave-validity-factor	0	65	10
cluster-slave-validity-factor	1	65	10
cluster-slave-validity-factor	2	-1	0
cluster-slave-validity-factor	3	-1	1
cluster-slave-validity-factor	4	66	10
cluster-slave-validity-factor	5	65	10
cluster-slave-validity-factor	6	65	10
cluster-slave-validity-factor	7	65	10
cluster-slave-validity-factor	8	65	10
cluster-slave-validity-factor	9	65	10
cluster-slave-validity-factor	10	65	10
cluster-slave-validity-factor	11	-1	777
cluster-slave-validity-factor	12	65	10
cluster-slave-validity-factor	13	65	10
cluster-slave-validity-factor	14	65	10
cluster-slave-validity-factor	15	65	10
cluster-slave-validity-factor	16	65	10
cluster-slave-validity-factor	17	65	10
cluster-slave-validity-factor	18	-1	100
crash-log-enabled	0	-1	yes
crash-log-enabled	1	-1	no
crash-log-enabled	2	67	yes
crash-log-enabled	3	67	yes
crash-log-enabled	4	67	yes
crash-log-enabled	5	67	yes
crash-log-enabled	6	67	yes
crash-log-enabled	7	67	yes
crash-log-enabled	8	67	yes
crash-log-enabled	9	67	yes
crash-log-enabled	10	67	yes
crash-log-enabled	11	67	yes
crash-log-enabled	12	67	yes
crash-log-enabled	13	67	yes
crash-log-enabled	14	67	yes
crash-log-enabled	15	67	yes
crash-log-enabled	16	67	yes
crash-log-enabled	17	67	yes
crash-log-enabled	18	67	yes
crash-memcheck-enabled	0	-1	yes
crash-memcheck-enabled	1	-1	no
crash-memcheck-enabled	2	68	yes
crash-memcheck-enabled	3	68	yes
crash-memcheck-enabled	4	68	yes
crash-memcheck-enabled	5	68	yes
crash-memcheck-enabled	6	68	yes
crash-memcheck-enabled	7	68	yes
crash-memcheck-enabled	8	68	yes
crash-memcheck-enabled	9	68	yes
crash-memcheck-enabled	10	68	yes
crash-memcheck-enabled	11	68	yes
crash-memcheck-enabled	12	68	yes
crash-memcheck-enabled	13	68	yes
crash-memcheck-enabled	14	68	yes
crash-memcheck-enabled	15	68	yes
crash-memcheck-enabled	16	68	yes
crash-memcheck-enabled	17	68	yes
crash-memcheck-enabled	18	68	yes
daemonize	0	69	no
daemonize	1	69	no
daemonize	2	69	no
daemonize	3	69	no
daemonize	4	69	no
daemonize	5	69	no
daemonize	6	69	no
daemonize	7	69	no
daemonize	8	69	no
daemonize	9	69	no
daemonize	10	69	no
daemonize	11	69	no
daemonize	12	69	no
daemonize	13	69	no
daemonize	14	69	no
daemonize	15	69	no
daemonize	16	69	no
daemonize	17	69	no
daemonize	18	69	no
databases	0	70	16
databases	1	70	16
databases	2	70	16
databases	3	70	16
databases	4	70	16
databases	5	70	16
databases	6	70	16
databases	7	70	16
databases	8	70	16
databases	9	70	16
databases	10	70	16
databases	11	70	16
databases	12	70	16
databases	13	70	16
databases	14	70	16
databases	15	70	16
databases	16	70	16
databases	17	70	16
databases	18	70	16
dbfilename	0	71	dump.rdb
dbfilename	1	71	dump.rdb
dbfilename	2	71	dump.rdb
dbfilename	3	71	dump.rdb
dbfilename	4	71	dump.rdb
dbfilename	5	71	dump.rdb
dbfilename	6	71	dump.rdb
dbfilename	7	71	dump.rdb
dbfilename	8	71	dump.rdb
dbfilename	9	71	dump.rdb
dbfilename	10	71	dump.rdb
dbfilename	11	71	dump.rdb
dbfilename	12	71	dump.rdb
dbfilename	13	71	dump.rdb
dbfilename	14	71	dump.rdb
dbfilename	15	71	dump.rdb
dbfilename	16	71	dump.rdb
dbfilename	17	71	dump.rdb
dbfilename	18	71	dump.rdb
disable-thp	0	72	yes
disable-thp	1	72	yes
disable-thp	2	72	yes
disable-thp	3	72	yes
disable-thp	4	72	yes
disable-thp	5	72	yes
disable-thp	6	72	yes
disable-thp	7	72	yes
disable-thp	8	72	yes
disable-thp	9	72	yes
disable-thp	10	72	yes
disable-thp	11	72	yes
disable-thp	12	72	yes
disable-thp	13	72	yes
disable-thp	14	72	yes
disable-thp	15	72	yes
disable-thp	16	72	yes
disable-thp	17	72	yes
disable-thp	18	72	yes
dynamic-hz	0	-1	yes
dynamic-hz	1	-1	no
dynamic-hz	2	73	yes
dynamic-hz	3	73	yes
dynamic-hz	4	73	yes
dynamic-hz	5	73	yes
dynamic-hz	6	73	yes
dynamic-hz	7	73	yes
dynamic-hz	8	73	yes
dynamic-hz	9	73	yes
dynamic-hz	10	73	yes
dynamic-hz	11	73	yes
dynamic-hz	12	73	yes
dynamic-hz	13	73	yes
dynamic-hz	14	73	yes
dynamic-hz	15	73	yes
dynamic-hz	16	73	yes
dynamic-hz	17	73	yes
dynamic-hz	18	73	yes
enable-debug-command	0	74	no
enable-debug-command	1	74	no
enable-debug-command	2	74	no
enable-debug-command	3	74	no
enable-debug-command	4	74	no
enable-debug-command	5	74	no
enable-debug-command	6	74	no
enable-debug-command	7	74	no
enable-debug-command	8	74	no
enable-debug-command	9	74	no
enable-debug-command	10	74	no
enable-debug-command	11	74	no
enable-debug-command	12	74	no
enable-debug-command	13	74	no
enable-debug-command	14	74	no
enable-debug-command	15	74	no
enable-debug-command	16	74	no
enable-debug-command	17	74	no
enable-debug-command	18	74	no
enable-module-command	0	75	no
enable-module-command	1	75	no
enable-module-command	2	75	no
enable-module-command	3	75	no
enable-module-command	4	75	no
enable-module-command	5	75	no
enable-module-command	6	75	no
enable-module-command	7	75	no
enable-module-command	8	75	no
enable-module-command	9	75	no
enable-module-command	10	75	no
enable-module-command	11	75	no
enable-module-command	12	75	no
enable-module-command	13	75	no
enable-module-command	14	75	no
enable-module-command	15	75	no
enable-module-command	16	75	no
enable-module-command	17	75	no
enable-module-command	18	75	no
enable-protected-configs	0	76	no
enable-protected-configs	1	76	no
enable-protected-configs	2	76	no
enable-protected-configs	3	76	no
enable-protected-configs	4	76	no
enable-protected-configs	5	76	no
enable-protected-configs	6	76	no
enable-protected-configs	7	76	no
enable-protected-configs	8	76	no
enable-protected-configs	9	76	no
enable-protected-configs	10	76	no
enable-protected-configs	11	76	no
enable-protected-configs	12	76	no
enable-protected-configs	13	76	no
enable-protected-configs	14	76	no
enable-protected-configs	15	76	no
enable-protected-configs	16	76	no
enable-protected-configs	17	76	no
enable-protected-configs	18	76	no
hash-max-listpack-entries	0	77	512
hash-max-listpack-entries	1	77	512
hash-max-listpack-entries	2	-1	0
hash-max-listpack-entries	3	-1	1
hash-max-listpack-entries	4	78	512
hash-max-listpack-entries	5	77	512
hash-max-listpack-entries	6	77	512
hash-max-listpack-entries	7	77	512
hash-max-listpack-entries	8	77	512
hash-max-listpack-entries	9	77	512
hash-max-listpack-entries	10	77	512
hash-max-listpack-entries	11	-1	777
hash-max-listpack-entries	12	77	512
hash-max-listpack-entries	13	77	512
hash-max-listpack-entries	14	77	512
hash-max-listpack-entries	15	77	512
hash-max-listpack-entries	16	77	512
hash-max-listpack-entries	17	77	512
hash-max-listpack-entries	18	-1	100
hash-max-listpack-value	0	79	64
hash-max-listpack-value	1	79	64
hash-max-listpack-value	2	-1	0
hash-max-listpack-value	3	-1	1
hash-max-listpack-value	4	79	64
hash-max-listpack-value	5	-1	1000
hash-max-listpack-value	6	-1	1024
hash-max-listpack-value	7	-1	5
hash-max-listpack-value	8	-1	0
hash-max-listpack-value	9	79	64
hash-max-listpack-value	10	79	64
hash-max-listpack-value	11	-1	777
hash-max-listpack-value	12	79	64
hash-max-listpack-value	13	79	64
hash-max-listpack-value	14	79	64
hash-max-listpack-value	15	79	64
hash-max-listpack-value	16	79	64
hash-max-listpack-value	17	-1	2147483648
hash-max-listpack-value	18	-1	100
hash-max-ziplist-entries	0	80	512
hash-max-ziplist-entries	1	80	512
hash-max-ziplist-entries	2	-1	0
hash-max-ziplist-entries	3	-1	1
hash-max-ziplist-entries	4	81	512
hash-max-ziplist-entries	5	80	512
hash-max-ziplist-entries	6	80	512
hash-max-ziplist-entries	7	80	512
hash-max-ziplist-entries	8	80	512
hash-max-ziplist-entries	9	80	512
hash-max-ziplist-entries	10	80	512
hash-max-ziplist-entries	11	-1	777
hash-max-ziplist-entries	12	80	512
hash-max-ziplist-entries	13	80	512
hash-max-ziplist-entries	14	80	512
hash-max-ziplist-entries	15	80	512
hash-max-ziplist-entries	16	80	512
hash-max-ziplist-entries	17	80	512
hash-max-ziplist-entries	18	-1	100
hash-max-ziplist-value	0	82	64
hash-max-ziplist-value	1	82	64
hash-max-ziplist-value	2	-1	0
hash-max-ziplist-value	3	-1	1
hash-max-ziplist-value	4	82	64
hash-max-ziplist-value	5	-1	1000
hash-max-ziplist-value	6	-1	1024
hash-max-ziplist-value	7	-1	5
hash-max-ziplist-value	8	-1	0
hash-max-ziplist-value	9	82	64
hash-max-ziplist-value	10	82	64
hash-max-ziplist-value	11	-1	777
hash-max-ziplist-value	12	82	64
hash-max-ziplist-value	13	82	64
hash-max-ziplist-value	14	82	64
hash-max-ziplist-value	15	82	64
hash-max-ziplist-value	16	82	64
hash-max-ziplist-value	17	-1	2147483648
hash-max-ziplist-value	18	-1	100
hll-sparse-max-bytes	0	83	3000
hll-sparse-max-bytes	1	83	3000
hll-sparse-max-bytes	2	-1	0
hll-sparse-max-bytes	3	-1	1
hll-sparse-max-bytes	4	83	3000
hll-sparse-max-bytes	5	-1	1000
hll-sparse-max-bytes	6	-1	1024
hll-sparse-max-bytes	7	-1	5
hll-sparse-max-bytes	8	-1	0
hll-sparse-max-bytes	9	83	3000
hll-sparse-max-bytes	10	83	3000
hll-sparse-max-bytes	11	-1	777
hll-sparse-max-bytes	12	83	3000
hll-sparse-max-bytes	13	83	3000
hll-sparse-max-bytes	14	83	3000
hll-sparse-max-bytes	15	83	3000
hll-sparse-max-bytes	16	83	3000
hll-sparse-max-bytes	17	-1	2147483648
hll-sparse-max-bytes	18	-1	100
hz	0	84	10
hz	1	84	10
hz	2	-1	1
hz	3	-1	1
hz	4	85	10
hz	5	84	10
hz	6	84	10
hz	7	84	10
hz	8	84	10
hz	9	84	10
hz	10	84	10
hz	11	-1	500
hz	12	84	10
hz	13	84	10
hz	14	84	10
hz	15	84	10
hz	16	84	10
hz	17	84	10
hz	18	-1	100
ignore-warnings	0	-1	yes
ignore-warnings	1	-1	no
ignore-warnings	2	-1	0
ignore-warnings	3	-1	1
ignore-warnings	4	-1	-1
ignore-warnings	5	-1	1k
ignore-warnings	6	-1	1KB
ignore-warnings	7	-1	05
ignore-warnings	8	-1	
ignore-warnings	9	-1	a b
ignore-warnings	10	-1	10%
ignore-warnings	11	-1	777
ignore-warnings	12	-1	1 2 3
ignore-warnings	13	-1	normal 1 2 3
ignore-warnings	14	-1	default
ignore-warnings	15	-1	A
ignore-warnings	16	-1	3.5
ignore-warnings	17	-1	2gb
ignore-warnings	18	-1	100
io-threads	0	86	1
io-threads	1	86	1
io-threads	2	86	1
io-threads	3	86	1
io-threads	4	86	1
io-threads	5	86	1
io-threads	6	86	1
io-threads	7	86	1
io-threads	8	86	1
io-threads	9	86	1
io-threads	10	86	1
io-threads	11	86	1
io-threads	12	86	1
io-threads	13	86	1
io-threads	14	86	1
io-threads	15	86	1
io-threads	16	86	1
io-threads	17	86	1
io-threads	18	86	1
io-threads-do-reads	0	87	no
io-threads-do-reads	1	87	no
io-threads-do-reads	2	87	no
io-threads-do-reads	3	87	no
io-threads-do-reads	4	87	no
io-threads-do-reads	5	87	no
io-threads-do-reads	6	87	no
io-threads-do-reads	7	87	no
io-threads-do-reads	8	87	no
io-threads-do-reads	9	87	no
io-threads-do-reads	10	87	no
io-threads-do-reads	11	87	no
io-threads-do-reads	12	87	no
io-threads-do-reads	13	87	no
io-threads-do-reads	14	87	no
io-threads-do-reads	15	87	no
io-threads-do-reads	16	87	no
io-threads-do-reads	17	87	no
io-threads-do-reads	18	87	no
jemalloc-bg-thread	0	-1	yes
jemalloc-bg-thread	1	-1	no
jemalloc-bg-thread	2	88	yes
jemalloc-bg-thread	3	88	yes
jemalloc-bg-thread	4	88	yes
jemalloc-bg-thread	5	88	yes
jemalloc-bg-thread	6	88	yes
jemalloc-bg-thread	7	88	yes
jemalloc-bg-thread	8	88	yes
jemalloc-bg-thread	9	88	yes
jemalloc-bg-thread	10	88	yes
jemalloc-bg-thread	11	88	yes
jemalloc-bg-thread	12	88	yes
jemalloc-bg-thread	13	88	yes
jemalloc-bg-thread	14	88	yes
jemalloc-bg-thread	15	88	yes
jemalloc-bg-thread	16	88	yes
jemalloc-bg-thread	17	88	yes
jemalloc-bg-thread	18	88	yes
latency-monitor-threshold	0	89	0
latency-monitor-threshold	1	89	0
latency-monitor-threshold	2	-1	0
latency-monitor-threshold	3	-1	1
latency-monitor-threshold	4	90	0
latency-monitor-threshold	5	89	0
latency-monitor-threshold	6	89	0
latency-monitor-threshold	7	89	0
latency-monitor-threshold	8	89	0
latency-monitor-threshold	9	89	0
latency-monitor-threshold	10	89	0
latency-monitor-threshold	11	-1	777
latency-monitor-threshold	12	89	0
latency-monitor-threshold	13	89	0
latency-monitor-threshold	14	89	0
latency-monitor-threshold	15	89	0
latency-monitor-threshold	16	89	0
latency-monitor-threshold	17	89	0
latency-monitor-threshold	18	-1	100
latency-tracking	0	-1	yes
latency-tracking	1	-1	no
latency-tracking	2	91	yes
latency-tracking	3	91	yes
latency-tracking	4	91	yes
latency-tracking	5	91	yes
latency-tracking	6	91	yes
latency-tracking	7	91	yes
latency-tracking	8	91	yes
latency-tracking	9	91	yes
latency-tracking	10	91	yes
latency-tracking	11	91	yes
latency-tracking	12	91	yes
latency-tracking	13	91	yes
latency-tracking	14	91	yes
latency-tracking	15	91	yes
latency-tracking	16	91	yes
latency-tracking	17	91	yes
latency-tracking	18	91	yes
latency-tracking-info-percentiles	0	92	50 99 99.9
latency-tracking-info-percentiles	1	92	50 99 99.9
latency-tracking-info-percentiles	2	-1	0
latency-tracking-info-percentiles	3	-1	1
latency-tracking-info-percentiles	4	93	50 99 99.9
latency-tracking-info-percentiles	5	92	50 99 99.9
latency-tracking-info-percentiles	6	92	50 99 99.9
latency-tracking-info-percentiles	7	-1	5
latency-tracking-info-percentiles	8	-1	
latency-tracking-info-percentiles	9	92	50 99 99.9
latency-tracking-info-percentiles	10	92	50 99 99.9
latency-tracking-info-percentiles	11	93	50 99 99.9
latency-tracking-info-percentiles	12	-1	1 2 3
latency-tracking-info-percentiles	13	92	50 99 99.9
latency-tracking-info-percentiles	14	92	50 99 99.9
latency-tracking-info-percentiles	15	92	50 99 99.9
latency-tracking-info-percentiles	16	-1	3.5
latency-tracking-info-percentiles	17	92	50 99 99.9
latency-tracking-info-percentiles	18	-1	100
lazyfree-lazy-eviction	0	-1	yes
lazyfree-lazy-eviction	1	-1	no
lazyfree-lazy-eviction	2	94	no
lazyfree-lazy-eviction	3	94	no
lazyfree-lazy-eviction	4	94	no
lazyfree-lazy-eviction	5	94	no
lazyfree-lazy-eviction	6	94	no
lazyfree-lazy-eviction	7	94	no
lazyfree-lazy-eviction	8	94	no
lazyfree-lazy-eviction	9	94	no
lazyfree-lazy-eviction	10	94	no
lazyfree-lazy-eviction	11	94	no
lazyfree-lazy-eviction	12	94	no
lazyfree-lazy-eviction	13	94	no
lazyfree-lazy-eviction	14	94	no
lazyfree-lazy-eviction	15	94	no
lazyfree-lazy-eviction	16	94	no
lazyfree-lazy-eviction	17	94	no
lazyfree-lazy-eviction	18	94	no
lazyfree-lazy-expire	0	-1	yes
lazyfree-lazy-expire	1	-1	no
lazyfree-lazy-expire	2	95	no
lazyfree-lazy-expire	3	95	no
lazyfree-lazy-expire	4	95	no
lazyfree-lazy-expire	5	95	no
lazyfree-lazy-expire	6	95	no
lazyfree-lazy-expire	7	95	no
lazyfree-lazy-expire	8	95	no
lazyfree-lazy-expire	9	95	no
lazyfree-lazy-expire	10	95	no
lazyfree-lazy-expire	11	95	no
lazyfree-lazy-expire	12	95	no
lazyfree-lazy-expire	13	95	no
lazyfree-lazy-expire	14	95	no
lazyfree-lazy-expire	15	95	no
lazyfree-lazy-expire	16	95	no
lazyfree-lazy-expire	17	95	no
lazyfree-lazy-expire	18	95	no
lazyfree-lazy-server-del	0	-1	yes
lazyfree-lazy-server-del	1	-1	no
lazyfree-lazy-server-del	2	96	no
lazyfree-lazy-server-del	3	96	no
lazyfree-lazy-server-del	4	96	no
lazyfree-lazy-server-del	5	96	no
lazyfree-lazy-server-del	6	96	no
lazyfree-lazy-server-del	7	96	no
lazyfree-lazy-server-del	8	96	no
lazyfree-lazy-server-del	9	96	no
lazyfree-lazy-server-del	10	96	no
lazyfree-lazy-server-del	11	96	no
lazyfree-lazy-server-del	12	96	no
lazyfree-lazy-server-del	13	96	no
lazyfree-lazy-server-del	14	96	no
lazyfree-lazy-server-del	15	96	no
lazyfree-lazy-server-del	16	96	no
lazyfree-lazy-server-del	17	96	no
lazyfree-lazy-server-del	18	96	no
lazyfree-lazy-user-del	0	-1	yes
lazyfree-lazy-user-del	1	-1	no
lazyfree-lazy-user-del	2	97	no
lazyfree-lazy-user-del	3	97	no
lazyfree-lazy-user-del	4	97	no
lazyfree-lazy-user-del	5	97	no
lazyfree-lazy-user-del	6	97	no
lazyfree-lazy-user-del	7	97	no
lazyfree-lazy-user-del	8	97	no
lazyfree-lazy-user-del	9	97	no
lazyfree-lazy-user-del	10	97	no
lazyfree-lazy-user-del	11	97	no
lazyfree-lazy-user-del	12	97	no
lazyfree-lazy-user-del	13	97	no
lazyfree-lazy-user-del	14	97	no
lazyfree-lazy-user-del	15	97	no
lazyfree-lazy-user-del	16	97	no
lazyfree-lazy-user-del	17	97	no
lazyfree-lazy-user-del	18	97	no
lazyfree-lazy-user-flush	0	-1	yes
lazyfree-lazy-user-flush	1	-1	no
lazyfree-lazy-user-flush	2	98	no
lazyfree-lazy-user-flush	3	98	no
lazyfree-lazy-user-flush	4	98	no
lazyfree-lazy-user-flush	5	98	no
lazyfree-lazy-user-flush	6	98	no
lazyfree-lazy-user-flush	7	98	no
lazyfree-lazy-user-flush	8	98	no
lazyfree-lazy-user-flush	9	98	no
lazyfree-lazy-user-flush	10	98	no
lazyfree-lazy-user-flush	11	98	no
lazyfree-lazy-user-flush	12	98	no
lazyfree-lazy-user-flush	13	98	no
lazyfree-lazy-user-flush	14	98	no
lazyfree-lazy-user-flush	15	98	no
lazyfree-lazy-user-flush	16	98	no
lazyfree-lazy-user-flush	17	98	no
lazyfree-lazy-user-flush	18	98	no
lfu-decay-time	0	99	1
lfu-decay-time	1	99	1
lfu-decay-time	2	-1	0
lfu-decay-time	3	-1	1
lfu-decay-time	4	100	1
lfu-decay-time	5	99	1
lfu-decay-time	6	99	1
lfu-decay-time	7	99	1
lfu-decay-time	8	99	1
lfu-decay-time	9	99	1
lfu-decay-time	10	99	1
lfu-decay-time	11	-1	777
lfu-decay-time	12	99	1
lfu-decay-time	13	99	1
lfu-decay-time	14	99	1
lfu-decay-time	15	99	1
lfu-decay-time	16	99	1
lfu-decay-time	17	99	1
lfu-decay-time	18	-1	100
lfu-log-factor	0	101	10
lfu-log-factor	1	101	10
lfu-log-factor	2	-1	0
lfu-log-factor	3	-1	1
lfu-log-factor	4	102	10
lfu-log-factor	5	101	10
lfu-log-factor	6	101	10
lfu-log-factor	7	101	10
lfu-log-factor	8	101	10
lfu-log-factor	9	101	10
lfu-log-factor	10	101	10
lfu-log-factor	11	-1	777
lfu-log-factor	12	101	10
lfu-log-factor	13	101	10
lfu-log-factor	14	101	10
lfu-log-factor	15	101	10
lfu-log-factor	16	101	10
lfu-log-factor	17	101	10
lfu-log-factor	18	-1	100
list-compress-depth	0	103	0
list-compress-depth	1	103	0
list-compress-depth	2	-1	0
list-compress-depth	3	-1	1
list-compress-depth	4	104	0
list-compress-depth	5	103	0
list-compress-depth	6	103	0
list-compress-depth	7	103	0
list-compress-depth	8	103	0
list-compress-depth	9	103	0
list-compress-depth	10	103	0
list-compress-depth	11	-1	777
list-compress-depth	12	103	0
list-compress-depth	13	103	0
list-compress-depth	14	103	0
list-compress-depth	15	103	0
list-compress-depth	16	103	0
list-compress-depth	17	103	0
list-compress-depth	18	-1	100
list-max-listpack-size	0	105	-2
list-max-listpack-size	1	105	-2
list-max-listpack-size	2	-1	0
list-max-listpack-size	3	-1	1
list-max-listpack-size	4	-1	-1
list-max-listpack-size	5	105	-2
list-max-listpack-size	6	105	-2
list-max-listpack-size	7	105	-2
list-max-listpack-size	8	105	-2
list-max-listpack-size	9	105	-2
list-max-listpack-size	10	105	-2
list-max-listpack-size	11	-1	777
list-max-listpack-size	12	105	-2
list-max-listpack-size	13	105	-2
list-max-listpack-size	14	105	-2
list-max-listpack-size	15	105	-2
list-max-listpack-size	16	105	-2
list-max-listpack-size	17	105	-2
list-max-listpack-size	18	-1	100
list-max-ziplist-size	0	106	-2
list-max-ziplist-size	1	106	-2
list-max-ziplist-size	2	-1	0
list-max-ziplist-size	3	-1	1
list-max-ziplist-size	4	-1	-1
list-max-ziplist-size	5	106	-2
list-max-ziplist-size	6	106	-2
list-max-ziplist-size	7	106	-2
list-max-ziplist-size	8	106	-2
list-max-ziplist-size	9	106	-2
list-max-ziplist-size	10	106	-2
list-max-ziplist-size	11	-1	777
list-max-ziplist-size	12	106	-2
list-max-ziplist-size	13	106	-2
list-max-ziplist-size	14	106	-2
list-max-ziplist-size	15	106	-2
list-max-ziplist-size	16	106	-2
list-max-ziplist-size	17	106	-2
list-max-ziplist-size	18	-1	100
logfile	0	107	
logfile	1	107	
logfile	2	107	
logfile	3	107	
logfile	4	107	
logfile	5	107	
logfile	6	107	
logfile	7	107	
logfile	8	107	
logfile	9	107	
logfile	10	107	
logfile	11	107	
logfile	12	107	
logfile	13	107	
logfile	14	107	
logfile	15	107	
logfile	16	107	
logfile	17	107	
logfile	18	107	
loglevel	0	108	notice
loglevel	1	108	notice
loglevel	2	108	notice
loglevel	3	108	notice
loglevel	4	108	notice
loglevel	5	108	notice
loglevel	6	108	notice
loglevel	7	108	notice
loglevel	8	108	notice
loglevel	9	108	notice
loglevel	10	108	notice
loglevel	11	108	notice
loglevel	12	108	notice
loglevel	13	108	notice
loglevel	14	108	notice
loglevel	15	108	notice
loglevel	16	108	notice
loglevel	17	108	notice
loglevel	18	108	notice
lua-time-limit	0	109	5000
lua-time-limit	1	109	5000
lua-time-limit	2	-1	0
lua-time-limit	3	-1	1
lua-time-limit	4	110	5000
lua-time-limit	5	109	5000
lua-time-limit	6	109	5000
lua-time-limit	7	109	5000
lua-time-limit	8	109	5000
lua-time-limit	9	109	5000
lua-time-limit	10	109	5000
lua-time-limit	11	-1	777
lua-time-limit	12	109	5000
lua-time-limit	13	109	5000
lua-time-limit	14	109	5000
lua-time-limit	15	109	5000
lua-time-limit	16	109	5000
lua-time-limit	17	109	5000
lua-time-limit	18	-1	100
masterauth	0	-1	yes
masterauth	1	-1	no
masterauth	2	-1	0
masterauth	3	-1	1
masterauth	4	-1	-1
masterauth	5	-1	1k
masterauth	6	-1	1KB
masterauth	7	-1	05
masterauth	8	-1	
masterauth	9	-1	a b
masterauth	10	-1	10%
masterauth	11	-1	777
masterauth	12	-1	1 2 3
masterauth	13	-1	normal 1 2 3
masterauth	14	-1	default
masterauth	15	-1	A
masterauth	16	-1	3.5
masterauth	17	-1	2gb
masterauth	18	-1	100
masteruser	0	-1	yes
masteruser	1	-1	no
masteruser	2	-1	0
masteruser	3	-1	1
masteruser	4	-1	-1
masteruser	5	-1	1k
masteruser	6	-1	1KB
masteruser	7	-1	05
masteruser	8	-1	
masteruser	9	-1	a b
masteruser	10	-1	10%
masteruser	11	-1	777
masteruser	12	-1	1 2 3
masteruser	13	-1	normal 1 2 3
masteruser	14	-1	default
masteruser	15	-1	A
masteruser	16	-1	3.5
masteruser	17	-1	2gb
masteruser	18	-1	100
maxmemory	0	111	0
maxmemory	1	111	0
maxmemory	2	-1	0
maxmemory	3	-1	1
maxmemory	4	111	0
maxmemory	5	-1	1000
maxmemory	6	-1	1024
maxmemory	7	-1	5
maxmemory	8	-1	0
maxmemory	9	111	0
maxmemory	10	111	0
maxmemory	11	-1	777
maxmemory	12	111	0
maxmemory	13	111	0
maxmemory	14	111	0
maxmemory	15	111	0
maxmemory	16	111	0
maxmemory	17	-1	2147483648
maxmemory	18	-1	100
maxmemory-clients	0	112	0
maxmemory-clients	1	112	0
maxmemory-clients	2	-1	0
maxmemory-clients	3	-1	1
maxmemory-clients	4	112	0
maxmemory-clients	5	-1	1000
maxmemory-clients	6	-1	1024
maxmemory-clients	7	-1	5
maxmemory-clients	8	-1	0
maxmemory-clients	9	112	0
maxmemory-clients	10	-1	10%
maxmemory-clients	11	-1	777
maxmemory-clients	12	112	0
maxmemory-clients	13	112	0
maxmemory-clients	14	112	0
maxmemory-clients	15	112	0
maxmemory-clients	16	112	0
maxmemory-clients	17	-1	2147483648
maxmemory-clients	18	-1	100
maxmemory-eviction-tenacity	0	113	10
maxmemory-eviction-tenacity	1	113	10
maxmemory-eviction-tenacity	2	-1	0
maxmemory-eviction-tenacity	3	-1	1
maxmemory-eviction-tenacity	4	114	10
maxmemory-eviction-tenacity	5	113	10
maxmemory-eviction-tenacity	6	113	10
maxmemory-eviction-tenacity	7	113	10
maxmemory-eviction-tenacity	8	113	10
maxmemory-eviction-tenacity	9	113	10
maxmemory-eviction-tenacity	10	113	10
maxmemory-eviction-tenacity	11	114	10
maxmemory-eviction-tenacity	12	113	10
maxmemory-eviction-tenacity	13	113	10
maxmemory-eviction-tenacity	14	113	10
maxmemory-eviction-tenacity	15	113	10
maxmemory-eviction-tenacity	16	113	10
maxmemory-eviction-tenacity	17	113	10
maxmemory-eviction-tenacity	18	-1	100
maxmemory-policy	0	115	noeviction
maxmemory-policy	1	115	noeviction
maxmemory-policy	2	115	noeviction
maxmemory-policy	3	115	noeviction
maxmemory-policy	4	115	noeviction
maxmemory-policy	5	115	noeviction
maxmemory-policy	6	115	noeviction
maxmemory-policy	7	115	noeviction
maxmemory-policy	8	115	noeviction
maxmemory-policy	9	115	noeviction
maxmemory-policy	10	115	noeviction
maxmemory-policy	11	115	noeviction
maxmemory-policy	12	115	noeviction
maxmemory-policy	13	115	noeviction
maxmemory-policy	14	115	noeviction
maxmemory-policy	15	115	noeviction
maxmemory-policy	16	115	noeviction
maxmemory-policy	17	115	noeviction
maxmemory-policy	18	115	noeviction
maxmemory-samples	0	116	5
maxmemory-samples	1	116	5
maxmemory-samples	2	117	5
maxmemory-samples	3	-1	1
maxmemory-samples	4	117	5
maxmemory-samples	5	116	5
maxmemory-samples	6	116	5
maxmemory-samples	7	116	5
maxmemory-samples	8	116	5
maxmemory-samples	9	116	5
maxmemory-samples	10	116	5
maxmemory-samples	11	-1	777
maxmemory-samples	12	116	5
maxmemory-samples	13	116	5
maxmemory-samples	14	116	5
maxmemory-samples	15	116	5
maxmemory-samples	16	116	5
maxmemory-samples	17	116	5
maxmemory-samples	18	-1	100
min-replicas-max-lag	0	118	10
min-replicas-max-lag	1	118	10
min-replicas-max-lag	2	-1	0
min-replicas-max-lag	3	-1	1
min-replicas-max-lag	4	119	10
min-replicas-max-lag	5	118	10
min-replicas-max-lag	6	118	10
min-replicas-max-lag	7	118	10
min-replicas-max-lag	8	118	10
min-replicas-max-lag	9	118	10
min-replicas-max-lag	10	118	10
min-replicas-max-lag	11	-1	777
min-replicas-max-lag	12	118	10
min-replicas-max-lag	13	118	10
min-replicas-max-lag	14	118	10
min-replicas-max-lag	15	118	10
min-replicas-max-lag	16	118	10
min-replicas-max-lag	17	118	10
min-replicas-max-lag	18	-1	100
min-replicas-to-write	0	120	0
min-replicas-to-write	1	120	0
min-replicas-to-write	2	-1	0
min-replicas-to-write	3	-1	1
min-replicas-to-write	4	121	0
min-replicas-to-write	5	120	0
min-replicas-to-write	6	120	0
min-replicas-to-write	7	120	0
min-replicas-to-write	8	120	0
min-replicas-to-write	9	120	0
min-replicas-to-write	10	120	0
min-replicas-to-write	11	-1	777
min-replicas-to-write	12	120	0
min-replicas-to-write	13	120	0
min-replicas-to-write	14	120	0
min-replicas-to-write	15	120	0
min-replicas-to-write	16	120	0
min-replicas-to-write	17	120	0
min-replicas-to-write	18	-1	100
min-slaves-max-lag	0	122	10
min-slaves-max-lag	1	122	10
min-slaves-max-lag	2	-1	0
min-slaves-max-lag	3	-1	1
min-slaves-max-lag	4	123	10
min-slaves-max-lag	5	122	10
min-slaves-max-lag	6	122	10
min-slaves-max-lag	7	122	10
min-slaves-max-lag	8	122	10
min-slaves-max-lag	9	122	10
min-slaves-max-lag	10	122	10
min-slaves-max-lag	11	-1	777
min-slaves-max-lag	12	122	10
min-slaves-max-lag	13	122	10
min-slaves-max-lag	14	122	10
min-slaves-max-lag	15	122	10
min-slaves-max-lag	16	122	10
min-slaves-max-lag	17	122	10
min-slaves-max-lag	18	-1	100
min-slaves-to-write	0	124	0
min-slaves-to-write	1	124	0
min-slaves-to-write	2	-1	0
min-slaves-to-write	3	-1	1
min-slaves-to-write	4	125	0
min-slaves-to-write	5	124	0
min-slaves-to-write	6	124	0
min-slaves-to-write	7	124	0
min-slaves-to-write	8	124	0
min-slaves-to-write	9	124	0
min-slaves-to-write	10	124	0
min-slaves-to-write	11	-1	777
min-slaves-to-write	12	124	0
min-slaves-to-write	13	124	0
min-slaves-to-write	14	124	0
min-slaves-to-write	15	124	0
min-slaves-to-write	16	124	0
min-slaves-to-write	17	124	0
min-slaves-to-write	18	-1	100
no-appendfsync-on-rewrite	0	-1	yes
no-appendfsync-on-rewrite	1	-1	no
no-appendfsync-on-rewrite	2	126	no
no-appendfsync-on-rewrite	3	126	no
no-appendfsync-on-rewrite	4	126	no
no-appendfsync-on-rewrite	5	126	no
no-appendfsync-on-rewrite	6	126	no
no-appendfsync-on-rewrite	7	126	no
no-appendfsync-on-rewrite	8	126	no
no-appendfsync-on-rewrite	9	126	no
no-appendfsync-on-rewrite	10	126	no
no-appendfsync-on-rewrite	11	126	no
no-appendfsync-on-rewrite	12	126	no
no-appendfsync-on-rewrite	13	126	no
no-appendfsync-on-rewrite	14	126	no
no-appendfsync-on-rewrite	15	126	no
no-appendfsync-on-rewrite	16	126	no
no-appendfsync-on-rewrite	17	126	no
no-appendfsync-on-rewrite	18	126	no
notify-keyspace-events	0	127	
notify-keyspace-events	1	127	
notify-keyspace-events	2	127	
notify-keyspace-events	3	127	
notify-keyspace-events	4	127	
notify-keyspace-events	5	127	
notify-keyspace-events	6	127	
notify-keyspace-events	7	127	
notify-keyspace-events	8	-1	
notify-keyspace-events	9	127	
notify-keyspace-events	10	127	
notify-keyspace-events	11	127	
notify-keyspace-events	12	127	
notify-keyspace-events	13	127	
notify-keyspace-events	14	127	
notify-keyspace-events	15	-1	A
notify-keyspace-events	16	127	
notify-keyspace-events	17	127	
notify-keyspace-events	18	127	
oom-score-adj	0	-1	yes
oom-score-adj	1	-1	no
oom-score-adj	2	128	no
oom-score-adj	3	128	no
oom-score-adj	4	128	no
oom-score-adj	5	128	no
oom-score-adj	6	128	no
oom-score-adj	7	128	no
oom-score-adj	8	128	no
oom-score-adj	9	128	no
oom-score-adj	10	128	no
oom-score-adj	11	128	no
oom-score-adj	12	128	no
oom-score-adj	13	128	no
oom-score-adj	14	128	no
oom-score-adj	15	128	no
oom-score-adj	16	128	no
oom-score-adj	17	128	no
oom-score-adj	18	128	no
oom-score-adj-values	0	129	0 200 800
oom-score-adj-values	1	129	0 200 800
oom-score-adj-values	2	129	0 200 800
oom-score-adj-values	3	129	0 200 800
oom-score-adj-values	4	129	0 200 800
oom-score-adj-values	5	129	0 200 800
oom-score-adj-values	6	129	0 200 800
oom-score-adj-values	7	129	0 200 800
oom-score-adj-values	8	129	0 200 800
oom-score-adj-values	9	129	0 200 800
oom-score-adj-values	10	129	0 200 800
oom-score-adj-values	11	129	0 200 800
oom-score-adj-values	12	-1	1 2 3
oom-score-adj-values	13	129	0 200 800
oom-score-adj-values	14	129	0 200 800
oom-score-adj-values	15	129	0 200 800
oom-score-adj-values	16	129	0 200 800
oom-score-adj-values	17	129	0 200 800
oom-score-adj-values	18	129	0 200 800
pidfile	0	130	
pidfile	1	130	
pidfile	2	130	
pidfile	3	130	
pidfile	4	130	
pidfile	5	130	
pidfile	6	130	
pidfile	7	130	
pidfile	8	130	
pidfile	9	130	
pidfile	10	130	
pidfile	11	130	
pidfile	12	130	
pidfile	13	130	
pidfile	14	130	
pidfile	15	130	
pidfile	16	130	
pidfile	17	130	
pidfile	18	130	
proc-title-template	0	-1	yes
proc-title-template	1	-1	no
proc-title-template	2	-1	0
proc-title-template	3	-1	1
proc-title-template	4	-1	-1
proc-title-template	5	-1	1k
proc-title-template	6	-1	1KB
proc-title-template	7	-1	05
proc-title-template	8	131	{title} {listen-addr} {server-mode}
proc-title-template	9	-1	a b
proc-title-template	10	-1	10%
proc-title-template	11	-1	777
proc-title-template	12	-1	1 2 3
proc-title-template	13	-1	normal 1 2 3
proc-title-template	14	-1	default
proc-title-template	15	-1	A
proc-title-template	16	-1	3.5
proc-title-template	17	-1	2gb
proc-title-template	18	-1	100
propagation-error-behavior	0	132	ignore
propagation-error-behavior	1	132	ignore
propagation-error-behavior	2	132	ignore
propagation-error-behavior	3	132	ignore
propagation-error-behavior	4	132	ignore
propagation-error-behavior	5	132	ignore
propagation-error-behavior	6	132	ignore
propagation-error-behavior	7	132	ignore
propagation-error-behavior	8	132	ignore
propagation-error-behavior	9	132	ignore
propagation-error-behavior	10	132	ignore
propagation-error-behavior	11	132	ignore
propagation-error-behavior	12	132	ignore
propagation-error-behavior	13	132	ignore
propagation-error-behavior	14	132	ignore
propagation-error-behavior	15	132	ignore
propagation-error-behavior	16	132	ignore
propagation-error-behavior	17	132	ignore
propagation-error-behavior	18	132	ignore
protected-mode	0	-1	yes
protected-mode	1	-1	no
protected-mode	2	133	yes
protected-mode	3	133	yes
protected-mode	4	133	yes
protected-mode	5	133	yes
protected-mode	6	133	yes
protected-mode	7	133	yes
protected-mode	8	133	yes
protected-mode	9	133	yes
protected-mode	10	133	yes
protected-mode	11	133	yes
protected-mode	12	133	yes
protected-mode	13	133	yes
protected-mode	14	133	yes
protected-mode	15	133	yes
protected-mode	16	133	yes
protected-mode	17	133	yes
protected-mode	18	133	yes
proto-max-bulk-len	0	134	536870912
proto-max-bulk-len	1	134	536870912
proto-max-bulk-len	2	135	536870912
proto-max-bulk-len	3	135	536870912
proto-max-bulk-len	4	134	536870912
proto-max-bulk-len	5	135	536870912
proto-max-bulk-len	6	135	536870912
proto-max-bulk-len	7	135	536870912
proto-max-bulk-len	8	135	536870912
proto-max-bulk-len	9	134	536870912
proto-max-bulk-len	10	134	536870912
proto-max-bulk-len	11	135	536870912
proto-max-bulk-len	12	134	536870912
proto-max-bulk-len	13	134	536870912
proto-max-bulk-len	14	134	536870912
proto-max-bulk-len	15	134	536870912
proto-max-bulk-len	16	134	536870912
proto-max-bulk-len	17	-1	2147483648
proto-max-bulk-len	18	135	536870912
rdb-del-sync-files	0	-1	yes
rdb-del-sync-files	1	-1	no
rdb-del-sync-files	2	136	no
rdb-del-sync-files	3	136	no
rdb-del-sync-files	4	136	no
rdb-del-sync-files	5	136	no
rdb-del-sync-files	6	136	no
rdb-del-sync-files	7	136	no
rdb-del-sync-files	8	136	no
rdb-del-sync-files	9	136	no
rdb-del-sync-files	10	136	no
rdb-del-sync-files	11	136	no
rdb-del-sync-files	12	136	no
rdb-del-sync-files	13	136	no
rdb-del-sync-files	14	136	no
rdb-del-sync-files	15	136	no
rdb-del-sync-files	16	136	no
rdb-del-sync-files	17	136	no
rdb-del-sync-files	18	136	no
rdb-save-incremental-fsync	0	-1	yes
rdb-save-incremental-fsync	1	-1	no
rdb-save-incremental-fsync	2	137	yes
rdb-save-incremental-fsync	3	137	yes
rdb-save-incremental-fsync	4	137	yes
rdb-save-incremental-fsync	5	137	yes
rdb-save-incremental-fsync	6	137	yes
rdb-save-incremental-fsync	7	137	yes
rdb-save-incremental-fsync	8	137	yes
rdb-save-incremental-fsync	9	137	yes
rdb-save-incremental-fsync	10	137	yes
rdb-save-incremental-fsync	11	137	yes
rdb-save-incremental-fsync	12	137	yes
rdb-save-incremental-fsync	13	137	yes
rdb-save-incremental-fsync	14	137	yes
rdb-save-incremental-fsync	15	137	yes
rdb-save-incremental-fsync	16	137	yes
rdb-save-incremental-fsync	17	137	yes
rdb-save-incremental-fsync	18	137	yes
rdbchecksum	0	138	yes
rdbchecksum	1	138	yes
rdbchecksum	2	138	yes
rdbchecksum	3	138	yes
rdbchecksum	4	138	yes
rdbchecksum	5	138	yes
rdbchecksum	6	138	yes
rdbchecksum	7	138	yes
rdbchecksum	8	138	yes
rdbchecksum	9	138	yes
rdbchecksum	10	138	yes
rdbchecksum	11	138	yes
rdbchecksum	12	138	yes
rdbchecksum	13	138	yes
rdbchecksum	14	138	yes
rdbchecksum	15	138	yes
rdbchecksum	16	138	yes
rdbchecksum	17	138	yes
rdbchecksum	18	138	yes
rdbcompression	0	-1	yes
rdbcompression	1	-1	no
rdbcompression	2	139	yes
rdbcompression	3	139	yes
rdbcompression	4	139	yes
rdbcompression	5	139	yes
rdbcompression	6	139	yes
rdbcompression	7	139	yes
rdbcompression	8	139	yes
rdbcompression	9	139	yes
rdbcompression	10	139	yes
rdbcompression	11	139	yes
rdbcompression	12	139	yes
rdbcompression	13	139	yes
rdbcompression	14	139	yes
rdbcompression	15	139	yes
rdbcompression	16	139	yes
rdbcompression	17	139	yes
rdbcompression	18	139	yes
repl-backlog-size	0	140	1048576
repl-backlog-size	1	140	1048576
repl-backlog-size	2	141	1048576
repl-backlog-size	3	-1	16384
repl-backlog-size	4	140	1048576
repl-backlog-size	5	-1	16384
repl-backlog-size	6	-1	16384
repl-backlog-size	7	-1	16384
repl-backlog-size	8	141	1048576
repl-backlog-size	9	140	1048576
repl-backlog-size	10	140	1048576
repl-backlog-size	11	-1	16384
repl-backlog-size	12	140	1048576
repl-backlog-size	13	140	1048576
repl-backlog-size	14	140	1048576
repl-backlog-size	15	140	1048576
repl-backlog-size	16	140	1048576
repl-backlog-size	17	-1	2147483648
repl-backlog-size	18	-1	16384
repl-backlog-ttl	0	142	3600
repl-backlog-ttl	1	142	3600
repl-backlog-ttl	2	-1	0
repl-backlog-ttl	3	-1	1
repl-backlog-ttl	4	143	3600
repl-backlog-ttl	5	142	3600
repl-backlog-ttl	6	142	3600
repl-backlog-ttl	7	142	3600
repl-backlog-ttl	8	142	3600
repl-backlog-ttl	9	142	3600
repl-backlog-ttl	10	142	3600
repl-backlog-ttl	11	-1	777
repl-backlog-ttl	12	142	3600
repl-backlog-ttl	13	142	3600
repl-backlog-ttl	14	142	3600
repl-backlog-ttl	15	142	3600
repl-backlog-ttl	16	142	3600
repl-backlog-ttl	17	142	3600
repl-backlog-ttl	18	-1	100
repl-disable-tcp-nodelay	0	-1	yes
repl-disable-tcp-nodelay	1	-1	no
repl-disable-tcp-nodelay	2	144	no
repl-disable-tcp-nodelay	3	144	no
repl-disable-tcp-nodelay	4	144	no
repl-disable-tcp-nodelay	5	144	no
repl-disable-tcp-nodelay	6	144	no
repl-disable-tcp-nodelay	7	144	no
repl-disable-tcp-nodelay	8	144	no
repl-disable-tcp-nodelay	9	144	no
repl-disable-tcp-nodelay	10	144	no
repl-disable-tcp-nodelay	11	144	no
repl-disable-tcp-nodelay	12	144	no
repl-disable-tcp-nodelay	13	144	no
repl-disable-tcp-nodelay	14	144	no
repl-disable-tcp-nodelay	15	144	no
repl-disable-tcp-nodelay	16	144	no
repl-disable-tcp-nodelay	17	144	no
repl-disable-tcp-nodelay	18	144	no
repl-diskless-load	0	145	disabled
repl-diskless-load	1	145	disabled
repl-diskless-load	2	145	disabled
repl-diskless-load	3	145	disabled
repl-diskless-load	4	145	disabled
repl-diskless-load	5	145	disabled
repl-diskless-load	6	145	disabled
repl-diskless-load	7	145	disabled
repl-diskless-load	8	145	disabled
repl-diskless-load	9	145	disabled
repl-diskless-load	10	145	disabled
repl-diskless-load	11	145	disabled
repl-diskless-load	12	145	disabled
repl-diskless-load	13	145	disabled
repl-diskless-load	14	145	disabled
repl-diskless-load	15	145	disabled
repl-diskless-load	16	145	disabled
repl-diskless-load	17	145	disabled
repl-diskless-load	18	145	disabled
repl-diskless-sync	0	-1	yes
repl-diskless-sync	1	-1	no
repl-diskless-sync	2	146	yes
repl-diskless-sync	3	146	yes
repl-diskless-sync	4	146	yes
repl-diskless-sync	5	146	yes
repl-diskless-sync	6	146	yes
repl-diskless-sync	7	146	yes
repl-diskless-sync	8	146	yes
repl-diskless-sync	9	146	yes
repl-diskless-sync	10	146	yes
repl-diskless-sync	11	146	yes
repl-diskless-sync	12	146	yes
repl-diskless-sync	13	146	yes
repl-diskless-sync	14	146	yes
repl-diskless-sync	15	146	yes
repl-diskless-sync	16	146	yes
repl-diskless-sync	17	146	yes
repl-diskless-sync	18	146	yes
repl-diskless-sync-delay	0	147	5
repl-diskless-sync-delay	1	147	5
repl-diskless-sync-delay	2	-1	0
repl-diskless-sync-delay	3	-1	1
repl-diskless-sync-delay	4	148	5
repl-diskless-sync-delay	5	147	5
repl-diskless-sync-delay	6	147	5
repl-diskless-sync-delay	7	147	5
repl-diskless-sync-delay	8	147	5
repl-diskless-sync-delay	9	147	5
repl-diskless-sync-delay	10	147	5
repl-diskless-sync-delay	11	-1	777
repl-diskless-sync-delay	12	147	5
repl-diskless-sync-delay	13	147	5
repl-diskless-sync-delay	14	147	5
repl-diskless-sync-delay	15	147	5
repl-diskless-sync-delay	16	147	5
repl-diskless-sync-delay	17	147	5
repl-diskless-sync-delay	18	-1	100
repl-diskless-sync-max-replicas	0	149	0
repl-diskless-sync-max-replicas	1	149	0
repl-diskless-sync-max-replicas	2	-1	0
repl-diskless-sync-max-replicas	3	-1	1
repl-diskless-sync-max-replicas	4	150	0
repl-diskless-sync-max-replicas	5	149	0
repl-diskless-sync-max-replicas	6	149	0
repl-diskless-sync-max-replicas	7	149	0
repl-diskless-sync-max-replicas	8	149	0
repl-diskless-sync-max-replicas	9	149	0
repl-diskless-sync-max-replicas	10	149	0
repl-diskless-sync-max-replicas	11	-1	777
repl-diskless-sync-max-replicas	12	149	0
repl-diskless-sync-max-replicas	13	149	0
repl-diskless-sync-max-replicas	14	149	0
repl-diskless-sync-max-replicas	15	149	0
repl-diskless-sync-max-replicas	16	149	0
repl-diskless-sync-max-replicas	17	149	0
repl-diskless-sync-max-replicas	18	-1	100
repl-ping-replica-period	0	151	10
repl-ping-replica-period	1	151	10
repl-ping-replica-period	2	152	10
repl-ping-replica-period	3	-1	1
repl-ping-replica-period	4	152	10
repl-ping-replica-period	5	151	10
repl-ping-replica-period	6	151	10
repl-ping-replica-period	7	151	10
repl-ping-replica-period	8	151	10
repl-ping-replica-period	9	151	10
repl-ping-replica-period	10	151	10
repl-ping-replica-period	11	-1	777
repl-ping-replica-period	12	151	10
repl-ping-replica-period	13	151	10
repl-ping-replica-period	14	151	10
repl-ping-replica-period	15	151	10
repl-ping-replica-period	16	151	10
repl-ping-replica-period	17	151	10
repl-ping-replica-period	18	-1	100
repl-ping-slave-period	0	153	10
repl-ping-slave-period	1	153	10
repl-ping-slave-period	2	154	10
repl-ping-slave-period	3	-1	1
repl-ping-slave-period	4	154	10
repl-ping-slave-period	5	153	10
repl-ping-slave-period	6	153	10
repl-ping-slave-period	7	153	10
repl-ping-slave-period	8	153	10
repl-ping-slave-period	9	153	10
repl-ping-slave-period	10	153	10
repl-ping-slave-period	11	-1	777
repl-ping-slave-period	12	153	10
repl-ping-slave-period	13	153	10
repl-ping-slave-period	14	153	10
repl-ping-slave-period	15	153	10
repl-ping-slave-period	16	153	10
repl-ping-slave-period	17	153	10
repl-ping-slave-period	18	-1	100
repl-timeout	0	155	60
repl-timeout	1	155	60
repl-timeout	2	156	60
repl-timeout	3	-1	1
repl-timeout	4	156	60
repl-timeout	5	155	60
repl-timeout	6	155	60
repl-timeout	7	155	60
repl-timeout	8	155	60
repl-timeout	9	155	60
repl-timeout	10	155	60
repl-timeout	11	-1	777
repl-timeout	12	155	60
repl-timeout	13	155	60
repl-timeout	14	155	60
repl-timeout	15	155	60
repl-timeout	16	155	60
repl-timeout	17	155	60
repl-timeout	18	-1	100
replica-announce-ip	0	-1	yes
replica-announce-ip	1	-1	no
replica-announce-ip	2	-1	0
replica-announce-ip	3	-1	1
replica-announce-ip	4	-1	-1
replica-announce-ip	5	-1	1k
replica-announce-ip	6	-1	1KB
replica-announce-ip	7	-1	05
replica-announce-ip	8	-1	
replica-announce-ip	9	-1	a b
replica-announce-ip	10	-1	10%
replica-announce-ip	11	-1	777
replica-announce-ip	12	-1	1 2 3
replica-announce-ip	13	-1	normal 1 2 3
replica-announce-ip	14	-1	default
replica-announce-ip	15	-1	A
replica-announce-ip	16	-1	3.5
replica-announce-ip	17	-1	2gb
replica-announce-ip	18	-1	100
replica-announce-port	0	157	0
replica-announce-port	1	157	0
replica-announce-port	2	-1	0
replica-announce-port	3	-1	1
replica-announce-port	4	158	0
replica-announce-port	5	157	0
replica-announce-port	6	157	0
replica-announce-port	7	157	0
replica-announce-port	8	157	0
replica-announce-port	9	157	0
replica-announce-port	10	157	0
replica-announce-port	11	-1	777
replica-announce-port	12	157	0
replica-announce-port	13	157	0
replica-announce-port	14	157	0
replica-announce-port	15	157	0
replica-announce-port	16	157	0
replica-announce-port	17	157	0
replica-announce-port	18	-1	100
replica-announced	0	-1	yes
replica-announced	1	-1	no
replica-announced	2	159	yes
replica-announced	3	159	yes
replica-announced	4	159	yes
replica-announced	5	159	yes
replica-announced	6	159	yes
replica-announced	7	159	yes
replica-announced	8	159	yes
replica-announced	9	159	yes
replica-announced	10	159	yes
replica-announced	11	159	yes
replica-announced	12	159	yes
replica-announced	13	159	yes
replica-announced	14	159	yes
replica-announced	15	159	yes
replica-announced	16	159	yes
replica-announced	17	159	yes
replica-announced	18	159	yes
replica-ignore-disk-write-errors	0	-1	yes
replica-ignore-disk-write-errors	1	-1	no
replica-ignore-disk-write-errors	2	160	no
replica-ignore-disk-write-errors	3	160	no
replica-ignore-disk-write-errors	4	160	no
replica-ignore-disk-write-errors	5	160	no
replica-ignore-disk-write-errors	6	160	no
replica-ignore-disk-write-errors	7	160	no
replica-ignore-disk-write-errors	8	160	no
replica-ignore-disk-write-errors	9	160	no
replica-ignore-disk-write-errors	10	160	no
replica-ignore-disk-write-errors	11	160	no
replica-ignore-disk-write-errors	12	160	no
replica-ignore-disk-write-errors	13	160	no
replica-ignore-disk-write-errors	14	160	no
replica-ignore-disk-write-errors	15	160	no
replica-ignore-disk-write-errors	16	160	no
replica-ignore-disk-write-errors	17	160	no
replica-ignore-disk-write-errors	18	160	no
replica-ignore-maxmemory	0	-1	yes
replica-ignore-maxmemory	1	-1	no
replica-ignore-maxmemory	2	161	yes
replica-ignore-maxmemory	3	161	yes
replica-ignore-maxmemory	4	161	yes
replica-ignore-maxmemory	5	161	yes
replica-ignore-maxmemory	6	161	yes
replica-ignore-maxmemory	7	161	yes
replica-ignore-maxmemory	8	161	yes
replica-ignore-maxmemory	9	161	yes
replica-ignore-maxmemory	10	161	yes
replica-ignore-maxmemory	11	161	yes
replica-ignore-maxmemory	12	161	yes
replica-ignore-maxmemory	13	161	yes
replica-ignore-maxmemory	14	161	yes
replica-ignore-maxmemory	15	161	yes
replica-ignore-maxmemory	16	161	yes
replica-ignore-maxmemory	17	161	yes
replica-ignore-maxmemory	18	161	yes
replica-lazy-flush	0	-1	yes
replica-lazy-flush	1	-1	no
replica-lazy-flush	2	162	no
replica-lazy-flush	3	162	no
replica-lazy-flush	4	162	no
replica-lazy-flush	5	162	no
replica-lazy-flush	6	162	no
replica-lazy-flush	7	162	no
replica-lazy-flush	8	162	no
replica-lazy-flush	9	162	no
replica-lazy-flush	10	162	no
replica-lazy-flush	11	162	no
replica-lazy-flush	12	162	no
replica-lazy-flush	13	162	no
replica-lazy-flush	14	162	no
replica-lazy-flush	15	162	no
replica-lazy-flush	16	162	no
replica-lazy-flush	17	162	no
replica-lazy-flush	18	162	no
replica-priority	0	163	100
replica-priority	1	163	100
replica-priority	2	-1	0
replica-priority	3	-1	1
replica-priority	4	164	100
replica-priority	5	163	100
replica-priority	6	163	100
replica-priority	7	163	100
replica-priority	8	163	100
replica-priority	9	163	100
replica-priority	10	163	100
replica-priority	11	-1	777
replica-priority	12	163	100
replica-priority	13	163	100
replica-priority	14	163	100
replica-priority	15	163	100
replica-priority	16	163	100
replica-priority	17	163	100
replica-priority	18	-1	100
replica-read-only	0	-1	yes
replica-read-only	1	-1	no
replica-read-only	2	165	yes
replica-read-only	3	165	yes
replica-read-only	4	165	yes
replica-read-only	5	165	yes
replica-read-only	6	165	yes
replica-read-only	7	165	yes
replica-read-only	8	165	yes
replica-read-only	9	165	yes
replica-read-only	10	165	yes
replica-read-only	11	165	yes
replica-read-only	12	165	yes
replica-read-only	13	165	yes
replica-read-only	14	165	yes
replica-read-only	15	165	yes
replica-read-only	16	165	yes
replica-read-only	17	165	yes
replica-read-only	18	165	yes
replica-serve-stale-data	0	-1	yes
replica-serve-stale-data	1	-1	no
replica-serve-stale-data	2	166	yes
replica-serve-stale-data	3	166	yes
replica-serve-stale-data	4	166	yes
replica-serve-stale-data	5	166	yes
replica-serve-stale-data	6	166	yes
replica-serve-stale-data	7	166	yes
replica-serve-stale-data	8	166	yes
replica-serve-stale-data	9	166	yes
replica-serve-stale-data	10	166	yes
replica-serve-stale-data	11	166	yes
replica-serve-stale-data	12	166	yes
replica-serve-stale-data	13	166	yes
replica-serve-stale-data	14	166	yes
replica-serve-stale-data	15	166	yes
replica-serve-stale-data	16	166	yes
replica-serve-stale-data	17	166	yes
replica-serve-stale-data	18	166	yes
replicaof	0	167	
replicaof	1	167	
replicaof	2	167	
replicaof	3	167	
replicaof	4	167	
replicaof	5	167	
replicaof	6	167	
replicaof	7	167	
replicaof	8	167	
replicaof	9	167	
replicaof	10	167	
replicaof	11	167	
replicaof	12	167	
replicaof	13	167	
replicaof	14	167	
replicaof	15	167	
replicaof	16	167	
replicaof	17	167	
replicaof	18	167	
sanitize-dump-payload	0	-1	yes
sanitize-dump-payload	1	-1	no
sanitize-dump-payload	2	168	no
sanitize-dump-payload	3	168	no
sanitize-dump-payload	4	168	no
sanitize-dump-payload	5	168	no
sanitize-dump-payload	6	168	no
sanitize-dump-payload	7	168	no
sanitize-dump-payload	8	168	no
sanitize-dump-payload	9	168	no
sanitize-dump-payload	10	168	no
sanitize-dump-payload	11	168	no
sanitize-dump-payload	12	168	no
sanitize-dump-payload	13	168	no
sanitize-dump-payload	14	168	no
sanitize-dump-payload	15	168	no
sanitize-dump-payload	16	168	no
sanitize-dump-payload	17	168	no
sanitize-dump-payload	18	168	no
server_cpulist	0	169	
server_cpulist	1	169	
server_cpulist	2	169	
server_cpulist	3	169	
server_cpulist	4	169	
server_cpulist	5	169	
server_cpulist	6	169	
server_cpulist	7	169	
server_cpulist	8	169	
server_cpulist	9	169	
server_cpulist	10	169	
server_cpulist	11	169	
server_cpulist	12	169	
server_cpulist	13	169	
server_cpulist	14	169	
server_cpulist	15	169	
server_cpulist	16	169	
server_cpulist	17	169	
server_cpulist	18	169	
set-max-intset-entries	0	170	512
set-max-intset-entries	1	170	512
set-max-intset-entries	2	-1	0
set-max-intset-entries	3	-1	1
set-max-intset-entries	4	171	512
set-max-intset-entries	5	170	512
set-max-intset-entries	6	170	512
set-max-intset-entries	7	170	512
set-max-intset-entries	8	170	512
set-max-intset-entries	9	170	512
set-max-intset-entries	10	170	512
set-max-intset-entries	11	-1	777
set-max-intset-entries	12	170	512
set-max-intset-entries	13	170	512
set-max-intset-entries	14	170	512
set-max-intset-entries	15	170	512
set-max-intset-entries	16	170	512
set-max-intset-entries	17	170	512
set-max-intset-entries	18	-1	100
set-proc-title	0	172	yes
set-proc-title	1	172	yes
set-proc-title	2	172	yes
set-proc-title	3	172	yes
set-proc-title	4	172	yes
set-proc-title	5	172	yes
set-proc-title	6	172	yes
set-proc-title	7	172	yes
set-proc-title	8	172	yes
set-proc-title	9	172	yes
set-proc-title	10	172	yes
set-proc-title	11	172	yes
set-proc-title	12	172	yes
set-proc-title	13	172	yes
set-proc-title	14	172	yes
set-proc-title	15	172	yes
set-proc-title	16	172	yes
set-proc-title	17	172	yes
set-proc-title	18	172	yes
shutdown-on-sigint	0	173	default
shutdown-on-sigint	1	173	default
shutdown-on-sigint	2	173	default
shutdown-on-sigint	3	173	default
shutdown-on-sigint	4	173	default
shutdown-on-sigint	5	173	default
shutdown-on-sigint	6	173	default
shutdown-on-sigint	7	173	default
shutdown-on-sigint	8	173	default
shutdown-on-sigint	9	173	default
shutdown-on-sigint	10	173	default
shutdown-on-sigint	11	173	default
shutdown-on-sigint	12	173	default
shutdown-on-sigint	13	173	default
shutdown-on-sigint	14	-1	default
shutdown-on-sigint	15	173	default
shutdown-on-sigint	16	173	default
shutdown-on-sigint	17	173	default
shutdown-on-sigint	18	173	default
shutdown-on-sigterm	0	174	default
shutdown-on-sigterm	1	174	default
shutdown-on-sigterm	2	174	default
shutdown-on-sigterm	3	174	default
shutdown-on-sigterm	4	174	default
shutdown-on-sigterm	5	174	default
shutdown-on-sigterm	6	174	default
shutdown-on-sigterm	7	174	default
shutdown-on-sigterm	8	174	default
shutdown-on-sigterm	9	174	default
shutdown-on-sigterm	10	174	default
shutdown-on-sigterm	11	174	default
shutdown-on-sigterm	12	174	default
shutdown-on-sigterm	13	174	default
shutdown-on-sigterm	14	-1	default
shutdown-on-sigterm	15	174	default
shutdown-on-sigterm	16	174	default
shutdown-on-sigterm	17	174	default
shutdown-on-sigterm	18	174	default
shutdown-timeout	0	175	10
shutdown-timeout	1	175	10
shutdown-timeout	2	-1	0
shutdown-timeout	3	-1	1
shutdown-timeout	4	176	10
shutdown-timeout	5	175	10
shutdown-timeout	6	175	10
shutdown-timeout	7	175	10
shutdown-timeout	8	175	10
shutdown-timeout	9	175	10
shutdown-timeout	10	175	10
shutdown-timeout	11	-1	777
shutdown-timeout	12	175	10
shutdown-timeout	13	175	10
shutdown-timeout	14	175	10
shutdown-timeout	15	175	10
shutdown-timeout	16	175	10
shutdown-timeout	17	175	10
shutdown-timeout	18	-1	100
slave-announce-ip	0	-1	yes
slave-announce-ip	1	-1	no
slave-announce-ip	2	-1	0
slave-announce-ip	3	-1	1
slave-announce-ip	4	-1	-1
slave-announce-ip	5	-1	1k
slave-announce-ip	6	-1	1KB
slave-announce-ip	7	-1	05
slave-announce-ip	8	-1	
slave-announce-ip	9	-1	a b
slave-announce-ip	10	-1	10%
slave-announce-ip	11	-1	777
slave-announce-ip	12	-1	1 2 3
slave-announce-ip	13	-1	normal 1 2 3
slave-announce-ip	14	-1	default
slave-announce-ip	15	-1	A
slave-announce-ip	16	-1	3.5
slave-announce-ip	17	-1	2gb
slave-announce-ip	18	-1	100
slave-announce-port	0	177	0
slave-announce-port	1	177	0
slave-announce-port	2	-1	0
slave-announce-port	3	-1	1
slave-announce-port	4	178	0
slave-announce-port	5	177	0
slave-announce-port	6	177	0
slave-announce-port	7	177	0
slave-announce-port	8	177	0
slave-announce-port	9	177	0
slave-announce-port	10	177	0
slave-announce-port	11	-1	777
slave-announce-port	12	177	0
slave-announce-port	13	177	0
slave-announce-port	14	177	0
slave-announce-port	15	177	0
slave-announce-port	16	177	0
slave-announce-port	17	177	0
slave-announce-port	18	-1	100
slave-ignore-maxmemory	0	-1	yes
slave-ignore-maxmemory	1	-1	no
slave-ignore-maxmemory	2	179	yes
slave-ignore-maxmemory	3	179	yes
slave-ignore-maxmemory	4	179	yes
slave-ignore-maxmemory	5	179	yes
slave-ignore-maxmemory	6	179	yes
slave-ignore-maxmemory	7	179	yes
slave-ignore-maxmemory	8	179	yes
slave-ignore-maxmemory	9	179	yes
slave-ignore-maxmemory	10	179	yes
slave-ignore-maxmemory	11	179	yes
slave-ignore-maxmemory	12	179	yes
slave-ignore-maxmemory	13	179	yes
slave-ignore-maxmemory	14	179	yes
slave-ignore-maxmemory	15	179	yes
slave-ignore-maxmemory	16	179	yes
slave-ignore-maxmemory	17	179	yes
slave-ignore-maxmemory	18	179	yes
slave-lazy-flush	0	-1	yes
slave-lazy-flush	1	-1	no
slave-lazy-flush	2	180	no
slave-lazy-flush	3	180	no
slave-lazy-flush	4	180	no
slave-lazy-flush	5	180	no
slave-lazy-flush	6	180	no
slave-lazy-flush	7	180	no
slave-lazy-flush	8	180	no
slave-lazy-flush	9	180	no
slave-lazy-flush	10	180	no
slave-lazy-flush	11	180	no
slave-lazy-flush	12	180	no
slave-lazy-flush	13	180	no
slave-lazy-flush	14	180	no
slave-lazy-flush	15	180	no
slave-lazy-flush	16	180	no
slave-lazy-flush	17	180	no
slave-lazy-flush	18	180	no
slave-priority	0	181	100
slave-priority	1	181	100
slave-priority	2	-1	0
slave-priority	3	-1	1
slave-priority	4	182	100
slave-priority	5	181	100
slave-priority	6	181	100
slave-priority	7	181	100
slave-priority	8	181	100
slave-priority	9	181	100
slave-priority	10	181	100
slave-priority	11	-1	777
slave-priority	12	181	100
slave-priority	13	181	100
slave-priority	14	181	100
slave-priority	15	181	100
slave-priority	16	181	100
slave-priority	17	181	100
slave-priority	18	-1	100
slave-read-only	0	-1	yes
slave-read-only	1	-1	no
slave-read-only	2	183	yes
slave-read-only	3	183	yes
slave-read-only	4	183	yes
slave-read-only	5	183	yes
slave-read-only	6	183	yes
slave-read-only	7	183	yes
slave-read-only	8	183	yes
slave-read-only	9	183	yes
slave-read-only	10	183	yes
slave-read-only	11	183	yes
slave-read-only	12	183	yes
slave-read-only	13	183	yes
slave-read-only	14	183	yes
slave-read-only	15	183	yes
slave-read-only	16	183	yes
slave-read-only	17	183	yes
slave-read-only	18	183	yes
slave-serve-stale-data	0	-1	yes
slave-serve-stale-data	1	-1	no
slave-serve-stale-data	2	184	yes
slave-serve-stale-data	3	184	yes
slave-serve-stale-data	4	184	yes
slave-serve-stale-data	5	184	yes
slave-serve-stale-data	6	184	yes
slave-serve-stale-data	7	184	yes
slave-serve-stale-data	8	184	yes
slave-serve-stale-data	9	184	yes
slave-serve-stale-data	10	184	yes
slave-serve-stale-data	11	184	yes
slave-serve-stale-data	12	184	yes
slave-serve-stale-data	13	184	yes
slave-serve-stale-data	14	184	yes
slave-serve-stale-data	15	184	yes
slave-serve-stale-data	16	184	yes
slave-serve-stale-data	17	184	yes
slave-serve-stale-data	18	184	yes
slaveof	0	185	
slaveof	1	185	
slaveof	2	185	
slaveof	3	185	
slaveof	4	185	
slaveof	5	185	
slaveof	6	185	
slaveof	7	185	
slaveof	8	185	
slaveof	9	185	
slaveof	10	185	
slaveof	11	185	
slaveof	12	185	
slaveof	13	185	
slaveof	14	185	
slaveof	15	185	
slaveof	16	185	
slaveof	17	185	
slaveof	18	185	
slowlog-log-slower-than	0	186	10000
slowlog-log-slower-than	1	186	10000
slowlog-log-slower-than	2	-1	0
slowlog-log-slower-than	3	-1	1
slowlog-log-slower-than	4	-1	-1
slowlog-log-slower-than	5	186	10000
slowlog-log-slower-than	6	186	10000
slowlog-log-slower-than	7	186	10000
slowlog-log-slower-than	8	186	10000
slowlog-log-slower-than	9	186	10000
slowlog-log-slower-than	10	186	10000
slowlog-log-slower-than	11	-1	777
slowlog-log-slower-than	12	186	10000
slowlog-log-slower-than	13	186	10000
slowlog-log-slower-than	14	186	10000
slowlog-log-slower-than	15	186	10000
slowlog-log-slower-than	16	186	10000
slowlog-log-slower-than	17	186	10000
slowlog-log-slower-than	18	-1	100
slowlog-max-len	0	187	128
slowlog-max-len	1	187	128
slowlog-max-len	2	-1	0
slowlog-max-len	3	-1	1
slowlog-max-len	4	188	128
slowlog-max-len	5	187	128
slowlog-max-len	6	187	128
slowlog-max-len	7	187	128
slowlog-max-len	8	187	128
slowlog-max-len	9	187	128
slowlog-max-len	10	187	128
slowlog-max-len	11	-1	777
slowlog-max-len	12	187	128
slowlog-max-len	13	187	128
slowlog-max-len	14	187	128
slowlog-max-len	15	187	128
slowlog-max-len	16	187	128
slowlog-max-len	17	187	128
slowlog-max-len	18	-1	100
socket-mark-id	0	189	0
socket-mark-id	1	189	0
socket-mark-id	2	189	0
socket-mark-id	3	189	0
socket-mark-id	4	189	0
socket-mark-id	5	189	0
socket-mark-id	6	189	0
socket-mark-id	7	189	0
socket-mark-id	8	189	0
socket-mark-id	9	189	0
socket-mark-id	10	189	0
socket-mark-id	11	189	0
socket-mark-id	12	189	0
socket-mark-id	13	189	0
socket-mark-id	14	189	0
socket-mark-id	15	189	0
socket-mark-id	16	189	0
socket-mark-id	17	189	0
socket-mark-id	18	189	0
stop-writes-on-bgsave-error	0	-1	yes
stop-writes-on-bgsave-error	1	-1	no
stop-writes-on-bgsave-error	2	190	yes
stop-writes-on-bgsave-error	3	190	yes
stop-writes-on-bgsave-error	4	190	yes
stop-writes-on-bgsave-error	5	190	yes
stop-writes-on-bgsave-error	6	190	yes
stop-writes-on-bgsave-error	7	190	yes
stop-writes-on-bgsave-error	8	190	yes
stop-writes-on-bgsave-error	9	190	yes
stop-writes-on-bgsave-error	10	190	yes
stop-writes-on-bgsave-error	11	190	yes
stop-writes-on-bgsave-error	12	190	yes
stop-writes-on-bgsave-error	13	190	yes
stop-writes-on-bgsave-error	14	190	yes
stop-writes-on-bgsave-error	15	190	yes
stop-writes-on-bgsave-error	16	190	yes
stop-writes-on-bgsave-error	17	190	yes
stop-writes-on-bgsave-error	18	190	yes
stream-node-max-bytes	0	191	4096
stream-node-max-bytes	1	191	4096
stream-node-max-bytes	2	-1	0
stream-node-max-bytes	3	-1	1
stream-node-max-bytes	4	191	4096
stream-node-max-bytes	5	-1	1000
stream-node-max-bytes	6	-1	1024
stream-node-max-bytes	7	-1	5
stream-node-max-bytes	8	-1	0
stream-node-max-bytes	9	191	4096
stream-node-max-bytes	10	191	4096
stream-node-max-bytes	11	-1	777
stream-node-max-bytes	12	191	4096
stream-node-max-bytes	13	191	4096
stream-node-max-bytes	14	191	4096
stream-node-max-bytes	15	191	4096
stream-node-max-bytes	16	191	4096
stream-node-max-bytes	17	-1	2147483648
stream-node-max-bytes	18	-1	100
stream-node-max-entries	0	192	100
stream-node-max-entries	1	192	100
stream-node-max-entries	2	-1	0
stream-node-max-entries	3	-1	1
stream-node-max-entries	4	193	100
stream-node-max-entries	5	192	100
stream-node-max-entries	6	192	100
stream-node-max-entries	7	192	100
stream-node-max-entries	8	192	100
stream-node-max-entries	9	192	100
stream-node-max-entries	10	192	100
stream-node-max-entries	11	-1	777
stream-node-max-entries	12	192	100
stream-node-max-entries	13	192	100
stream-node-max-entries	14	192	100
stream-node-max-entries	15	192	100
stream-node-max-entries	16	192	100
stream-node-max-entries	17	192	100
stream-node-max-entries	18	-1	100
supervised	0	194	no
supervised	1	194	no
supervised	2	194	no
supervised	3	194	no
supervised	4	194	no
supervised	5	194	no
supervised	6	194	no
supervised	7	194	no
supervised	8	194	no
supervised	9	194	no
supervised	10	194	no
supervised	11	194	no
supervised	12	194	no
supervised	13	194	no
supervised	14	194	no
supervised	15	194	no
supervised	16	194	no
supervised	17	194	no
supervised	18	194	no
syslog-enabled	0	195	no
syslog-enabled	1	195	no
syslog-enabled	2	195	no
syslog-enabled	3	195	no
syslog-enabled	4	195	no
syslog-enabled	5	195	no
syslog-enabled	6	195	no
syslog-enabled	7	195	no
syslog-enabled	8	195	no
syslog-enabled	9	195	no
syslog-enabled	10	195	no
syslog-enabled	11	195	no
syslog-enabled	12	195	no
syslog-enabled	13	195	no
syslog-enabled	14	195	no
syslog-enabled	15	195	no
syslog-enabled	16	195	no
syslog-enabled	17	195	no
syslog-enabled	18	195	no
syslog-facility	0	196	local0
syslog-facility	1	196	local0
syslog-facility	2	196	local0
syslog-facility	3	196	local0
syslog-facility	4	196	local0
syslog-facility	5	196	local0
syslog-facility	6	196	local0
syslog-facility	7	196	local0
syslog-facility	8	196	local0
syslog-facility	9	196	local0
syslog-facility	10	196	local0
syslog-facility	11	196	local0
syslog-facility	12	196	local0
syslog-facility	13	196	local0
syslog-facility	14	196	local0
syslog-facility	15	196	local0
syslog-facility	16	196	local0
syslog-facility	17	196	local0
syslog-facility	18	196	local0
syslog-ident	0	197	redis
syslog-ident	1	197	redis
syslog-ident	2	197	redis
syslog-ident	3	197	redis
syslog-ident	4	197	redis
syslog-ident	5	197	redis
syslog-ident	6	197	redis
syslog-ident	7	197	redis
syslog-ident	8	197	redis
syslog-ident	9	197	redis
syslog-ident	10	197	redis
syslog-ident	11	197	redis
syslog-ident	12	197	redis
syslog-ident	13	197	redis
syslog-ident	14	197	redis
syslog-ident	15	197	redis
syslog-ident	16	197	redis
syslog-ident	17	197	redis
syslog-ident	18	197	redis
tcp-backlog	0	198	511
tcp-backlog	1	198	511
tcp-backlog	2	198	511
tcp-backlog	3	198	511
tcp-backlog	4	198	511
tcp-backlog	5	198	511
tcp-backlog	6	198	511
tcp-backlog	7	198	511
tcp-backlog	8	198	511
tcp-backlog	9	198	511
tcp-backlog	10	198	511
tcp-backlog	11	198	511
tcp-backlog	12	198	511
tcp-backlog	13	198	511
tcp-backlog	14	198	511
tcp-backlog	15	198	511
tcp-backlog	16	198	511
tcp-backlog	17	198	511
tcp-backlog	18	198	511
tcp-keepalive	0	199	300
tcp-keepalive	1	199	300
tcp-keepalive	2	-1	0
tcp-keepalive	3	-1	1
tcp-keepalive	4	200	300
tcp-keepalive	5	199	300
tcp-keepalive	6	199	300
tcp-keepalive	7	199	300
tcp-keepalive	8	199	300
tcp-keepalive	9	199	300
tcp-keepalive	10	199	300
tcp-keepalive	11	-1	777
tcp-keepalive	12	199	300
tcp-keepalive	13	199	300
tcp-keepalive	14	199	300
tcp-keepalive	15	199	300
tcp-keepalive	16	199	300
tcp-keepalive	17	199	300
tcp-keepalive	18	-1	100
timeout	0	201	0
timeout	1	201	0
timeout	2	-1	0
timeout	3	-1	1
timeout	4	202	0
timeout	5	201	0
timeout	6	201	0
timeout	7	201	0
timeout	8	201	0
timeout	9	201	0
timeout	10	201	0
timeout	11	-1	777
timeout	12	201	0
timeout	13	201	0
timeout	14	201	0
timeout	15	201	0
timeout	16	201	0
timeout	17	201	0
timeout	18	-1	100
tls-auth-clients	0	-1	yes
tls-auth-clients	1	-1	no
tls-auth-clients	2	203	yes
tls-auth-clients	3	203	yes
tls-auth-clients	4	203	yes
tls-auth-clients	5	203	yes
tls-auth-clients	6	203	yes
tls-auth-clients	7	203	yes
tls-auth-clients	8	203	yes
tls-auth-clients	9	203	yes
tls-auth-clients	10	203	yes
tls-auth-clients	11	203	yes
tls-auth-clients	12	203	yes
tls-auth-clients	13	203	yes
tls-auth-clients	14	203	yes
tls-auth-clients	15	203	yes
tls-auth-clients	16	203	yes
tls-auth-clients	17	203	yes
tls-auth-clients	18	203	yes
tracking-table-max-keys	0	204	1000000
tracking-table-max-keys	1	204	1000000
tracking-table-max-keys	2	-1	0
tracking-table-max-keys	3	-1	1
tracking-table-max-keys	4	205	1000000
tracking-table-max-keys	5	204	1000000
tracking-table-max-keys	6	204	1000000
tracking-table-max-keys	7	204	1000000
tracking-table-max-keys	8	204	1000000
tracking-table-max-keys	9	204	1000000
tracking-table-max-keys	10	204	1000000
tracking-table-max-keys	11	-1	777
tracking-table-max-keys	12	204	1000000
tracking-table-max-keys	13	204	1000000
tracking-table-max-keys	14	204	1000000
tracking-table-max-keys	15	204	1000000
tracking-table-max-keys	16	204	1000000
tracking-table-max-keys	17	204	1000000
tracking-table-max-keys	18	-1	100
unixsocket	0	206	
unixsocket	1	206	
unixsocket	2	206	
unixsocket	3	206	
unixsocket	4	206	
unixsocket	5	206	
unixsocket	6	206	
unixsocket	7	206	
unixsocket	8	206	
unixsocket	9	206	
unixsocket	10	206	
unixsocket	11	206	
unixsocket	12	206	
unixsocket	13	206	
unixsocket	14	206	
unixsocket	15	206	
unixsocket	16	206	
unixsocket	17	206	
unixsocket	18	206	
unixsocketperm	0	207	0
unixsocketperm	1	207	0
unixsocketperm	2	207	0
unixsocketperm	3	207	0
unixsocketperm	4	207	0
unixsocketperm	5	207	0
unixsocketperm	6	207	0
unixsocketperm	7	207	0
unixsocketperm	8	207	0
unixsocketperm	9	207	0
unixsocketperm	10	207	0
unixsocketperm	11	207	0
unixsocketperm	12	207	0
unixsocketperm	13	207	0
unixsocketperm	14	207	0
unixsocketperm	15	207	0
unixsocketperm	16	207	0
unixsocketperm	17	207	0
unixsocketperm	18	207	0
zset-max-listpack-entries	0	208	128
zset-max-listpack-entries	1	208	128
zset-max-listpack-entries	2	-1	0
zset-max-listpack-entries	3	-1	1
zset-max-listpack-entries	4	209	128
zset-max-listpack-entries	5	208	128
zset-max-listpack-entries	6	208	128
zset-max-listpack-entries	7	208	128
zset-max-listpack-entries	8	208	128
zset-max-listpack-entries	9	208	128
zset-max-listpack-entries	10	208	128
zset-max-listpack-entries	11	-1	777
zset-max-listpack-entries	12	208	128
zset-max-listpack-entries	13	208	128
zset-max-listpack-entries	14	208	128
zset-max-listpack-entries	15	208	128
zset-max-listpack-entries	16	208	128
zset-max-listpack-entries	17	208	128
zset-max-listpack-entries	18	-1	100
zset-max-listpack-value	0	210	64
zset-max-listpack-value	1	210	64
zset-max-listpack-value	2	-1	0
zset-max-listpack-value	3	-1	1
zset-max-listpack-value	4	210	64
zset-max-listpack-value	5	-1	1000
zset-max-listpack-value	6	-1	1024
zset-max-listpack-value	7	-1	5
zset-max-listpack-value	8	-1	0
zset-max-listpack-value	9	210	64
zset-max-listpack-value	10	210	64
zset-max-listpack-value	11	-1	777
zset-max-listpack-value	12	210	64
zset-max-listpack-value	13	210	64
zset-max-listpack-value	14	210	64
zset-max-listpack-value	15	210	64
zset-max-listpack-value	16	210	64
zset-max-listpack-value	17	-1	2147483648
zset-max-listpack-value	18	-1	100
zset-max-ziplist-entries	0	211	128
zset-max-ziplist-entries	1	211	128
zset-max-ziplist-entries	2	-1	0
zset-max-ziplist-entries	3	-1	1
zset-max-ziplist-entries	4	212	128
zset-max-ziplist-entries	5	211	128
zset-max-ziplist-entries	6	211	128
zset-max-ziplist-entries	7	211	128
zset-max-ziplist-entries	8	211	128
zset-max-ziplist-entries	9	211	128
zset-max-ziplist-entries	10	211	128
zset-max-ziplist-entries	11	-1	777
zset-max-ziplist-entries	12	211	128
zset-max-ziplist-entries	13	211	128
zset-max-ziplist-entries	14	211	128
zset-max-ziplist-entries	15	211	128
zset-max-ziplist-entries	16	211	128
zset-max-ziplist-entries	17	211	128
zset-max-ziplist-entries	18	-1	100
zset-max-ziplist-value	0	213	64
zset-max-ziplist-value	1	213	64
zset-max-ziplist-value	2	-1	0
zset-max-ziplist-value	3	-1	1
zset-max-ziplist-value	4	213	64
zset-max-ziplist-value	5	-1	1000
zset-max-ziplist-value	6	-1	1024
zset-max-ziplist-value	7	-1	5
zset-max-ziplist-value	8	-1	0
zset-max-ziplist-value	9	213	64
zset-max-ziplist-value	10	213	64
zset-max-ziplist-value	11	-1	777
zset-max-ziplist-value	12	213	64
zset-max-ziplist-value	13	213	64
zset-max-ziplist-value	14	213	64
zset-max-ziplist-value	15	213	64
zset-max-ziplist-value	16	213	64
zset-max-ziplist-value	17	-1	2147483648
zset-max-ziplist-value	18	-1	100
"""#
    /// name \t value index \t reason index (-1 = server started)
    static let load = #"""
acl-pubsub-default	0	214
acl-pubsub-default	1	214
acl-pubsub-default	2	214
acl-pubsub-default	3	214
acl-pubsub-default	4	214
acl-pubsub-default	5	214
acl-pubsub-default	6	214
acl-pubsub-default	7	214
acl-pubsub-default	8	214
acl-pubsub-default	9	214
acl-pubsub-default	10	214
acl-pubsub-default	11	214
acl-pubsub-default	12	214
acl-pubsub-default	13	214
acl-pubsub-default	14	214
acl-pubsub-default	15	214
acl-pubsub-default	16	214
acl-pubsub-default	17	214
acl-pubsub-default	18	214
aclfile	0	-1
aclfile	1	-1
aclfile	2	-1
aclfile	3	-1
aclfile	4	-1
aclfile	5	-1
aclfile	6	-1
aclfile	7	-1
aclfile	8	-1
aclfile	9	-1
aclfile	10	-1
aclfile	11	-1
aclfile	12	-1
aclfile	13	-1
aclfile	14	-1
aclfile	15	-1
aclfile	16	-1
aclfile	17	-1
aclfile	18	-1
acllog-max-len	0	215
acllog-max-len	1	215
acllog-max-len	2	-1
acllog-max-len	3	-1
acllog-max-len	4	216
acllog-max-len	5	215
acllog-max-len	6	215
acllog-max-len	7	215
acllog-max-len	8	215
acllog-max-len	9	215
acllog-max-len	10	215
acllog-max-len	11	-1
acllog-max-len	12	215
acllog-max-len	13	215
acllog-max-len	14	215
acllog-max-len	15	215
acllog-max-len	16	215
acllog-max-len	17	215
acllog-max-len	18	-1
active-defrag-cycle-max	0	215
active-defrag-cycle-max	1	215
active-defrag-cycle-max	2	217
active-defrag-cycle-max	3	-1
active-defrag-cycle-max	4	217
active-defrag-cycle-max	5	215
active-defrag-cycle-max	6	215
active-defrag-cycle-max	7	215
active-defrag-cycle-max	8	215
active-defrag-cycle-max	9	215
active-defrag-cycle-max	10	215
active-defrag-cycle-max	11	217
active-defrag-cycle-max	12	215
active-defrag-cycle-max	13	215
active-defrag-cycle-max	14	215
active-defrag-cycle-max	15	215
active-defrag-cycle-max	16	215
active-defrag-cycle-max	17	215
active-defrag-cycle-max	18	217
active-defrag-cycle-min	0	215
active-defrag-cycle-min	1	215
active-defrag-cycle-min	2	217
active-defrag-cycle-min	3	-1
active-defrag-cycle-min	4	217
active-defrag-cycle-min	5	215
active-defrag-cycle-min	6	215
active-defrag-cycle-min	7	215
active-defrag-cycle-min	8	215
active-defrag-cycle-min	9	215
active-defrag-cycle-min	10	215
active-defrag-cycle-min	11	217
active-defrag-cycle-min	12	215
active-defrag-cycle-min	13	215
active-defrag-cycle-min	14	215
active-defrag-cycle-min	15	215
active-defrag-cycle-min	16	215
active-defrag-cycle-min	17	215
active-defrag-cycle-min	18	217
active-defrag-ignore-bytes	0	218
active-defrag-ignore-bytes	1	218
active-defrag-ignore-bytes	2	219
active-defrag-ignore-bytes	3	-1
active-defrag-ignore-bytes	4	218
active-defrag-ignore-bytes	5	-1
active-defrag-ignore-bytes	6	-1
active-defrag-ignore-bytes	7	-1
active-defrag-ignore-bytes	8	219
active-defrag-ignore-bytes	9	218
active-defrag-ignore-bytes	10	218
active-defrag-ignore-bytes	11	-1
active-defrag-ignore-bytes	12	218
active-defrag-ignore-bytes	13	218
active-defrag-ignore-bytes	14	218
active-defrag-ignore-bytes	15	218
active-defrag-ignore-bytes	16	218
active-defrag-ignore-bytes	17	-1
active-defrag-ignore-bytes	18	-1
active-defrag-max-scan-fields	0	215
active-defrag-max-scan-fields	1	215
active-defrag-max-scan-fields	2	219
active-defrag-max-scan-fields	3	-1
active-defrag-max-scan-fields	4	219
active-defrag-max-scan-fields	5	215
active-defrag-max-scan-fields	6	215
active-defrag-max-scan-fields	7	215
active-defrag-max-scan-fields	8	215
active-defrag-max-scan-fields	9	215
active-defrag-max-scan-fields	10	215
active-defrag-max-scan-fields	11	-1
active-defrag-max-scan-fields	12	215
active-defrag-max-scan-fields	13	215
active-defrag-max-scan-fields	14	215
active-defrag-max-scan-fields	15	215
active-defrag-max-scan-fields	16	215
active-defrag-max-scan-fields	17	215
active-defrag-max-scan-fields	18	-1
active-defrag-threshold-lower	0	215
active-defrag-threshold-lower	1	215
active-defrag-threshold-lower	2	-1
active-defrag-threshold-lower	3	-1
active-defrag-threshold-lower	4	220
active-defrag-threshold-lower	5	215
active-defrag-threshold-lower	6	215
active-defrag-threshold-lower	7	215
active-defrag-threshold-lower	8	215
active-defrag-threshold-lower	9	215
active-defrag-threshold-lower	10	215
active-defrag-threshold-lower	11	-1
active-defrag-threshold-lower	12	215
active-defrag-threshold-lower	13	215
active-defrag-threshold-lower	14	215
active-defrag-threshold-lower	15	215
active-defrag-threshold-lower	16	215
active-defrag-threshold-lower	17	215
active-defrag-threshold-lower	18	-1
active-defrag-threshold-upper	0	215
active-defrag-threshold-upper	1	215
active-defrag-threshold-upper	2	-1
active-defrag-threshold-upper	3	-1
active-defrag-threshold-upper	4	220
active-defrag-threshold-upper	5	215
active-defrag-threshold-upper	6	215
active-defrag-threshold-upper	7	215
active-defrag-threshold-upper	8	215
active-defrag-threshold-upper	9	215
active-defrag-threshold-upper	10	215
active-defrag-threshold-upper	11	-1
active-defrag-threshold-upper	12	215
active-defrag-threshold-upper	13	215
active-defrag-threshold-upper	14	215
active-defrag-threshold-upper	15	215
active-defrag-threshold-upper	16	215
active-defrag-threshold-upper	17	215
active-defrag-threshold-upper	18	-1
active-expire-effort	0	215
active-expire-effort	1	215
active-expire-effort	2	221
active-expire-effort	3	-1
active-expire-effort	4	221
active-expire-effort	5	215
active-expire-effort	6	215
active-expire-effort	7	215
active-expire-effort	8	215
active-expire-effort	9	215
active-expire-effort	10	215
active-expire-effort	11	221
active-expire-effort	12	215
active-expire-effort	13	215
active-expire-effort	14	215
active-expire-effort	15	215
active-expire-effort	16	215
active-expire-effort	17	215
active-expire-effort	18	221
activedefrag	0	222
activedefrag	1	-1
activedefrag	2	223
activedefrag	3	223
activedefrag	4	223
activedefrag	5	223
activedefrag	6	223
activedefrag	7	223
activedefrag	8	223
activedefrag	9	223
activedefrag	10	223
activedefrag	11	223
activedefrag	12	223
activedefrag	13	223
activedefrag	14	223
activedefrag	15	223
activedefrag	16	223
activedefrag	17	223
activedefrag	18	223
activerehashing	0	-1
activerehashing	1	-1
activerehashing	2	223
activerehashing	3	223
activerehashing	4	223
activerehashing	5	223
activerehashing	6	223
activerehashing	7	223
activerehashing	8	223
activerehashing	9	223
activerehashing	10	223
activerehashing	11	223
activerehashing	12	223
activerehashing	13	223
activerehashing	14	223
activerehashing	15	223
activerehashing	16	223
activerehashing	17	223
activerehashing	18	223
always-show-logo	0	-1
always-show-logo	1	-1
always-show-logo	2	223
always-show-logo	3	223
always-show-logo	4	223
always-show-logo	5	223
always-show-logo	6	223
always-show-logo	7	223
always-show-logo	8	223
always-show-logo	9	223
always-show-logo	10	223
always-show-logo	11	223
always-show-logo	12	223
always-show-logo	13	223
always-show-logo	14	223
always-show-logo	15	223
always-show-logo	16	223
always-show-logo	17	223
always-show-logo	18	223
aof-disable-auto-gc	0	-1
aof-disable-auto-gc	1	-1
aof-disable-auto-gc	2	223
aof-disable-auto-gc	3	223
aof-disable-auto-gc	4	223
aof-disable-auto-gc	5	223
aof-disable-auto-gc	6	223
aof-disable-auto-gc	7	223
aof-disable-auto-gc	8	223
aof-disable-auto-gc	9	223
aof-disable-auto-gc	10	223
aof-disable-auto-gc	11	223
aof-disable-auto-gc	12	223
aof-disable-auto-gc	13	223
aof-disable-auto-gc	14	223
aof-disable-auto-gc	15	223
aof-disable-auto-gc	16	223
aof-disable-auto-gc	17	223
aof-disable-auto-gc	18	223
aof-load-truncated	0	-1
aof-load-truncated	1	-1
aof-load-truncated	2	223
aof-load-truncated	3	223
aof-load-truncated	4	223
aof-load-truncated	5	223
aof-load-truncated	6	223
aof-load-truncated	7	223
aof-load-truncated	8	223
aof-load-truncated	9	223
aof-load-truncated	10	223
aof-load-truncated	11	223
aof-load-truncated	12	223
aof-load-truncated	13	223
aof-load-truncated	14	223
aof-load-truncated	15	223
aof-load-truncated	16	223
aof-load-truncated	17	223
aof-load-truncated	18	223
aof-rewrite-incremental-fsync	0	-1
aof-rewrite-incremental-fsync	1	-1
aof-rewrite-incremental-fsync	2	223
aof-rewrite-incremental-fsync	3	223
aof-rewrite-incremental-fsync	4	223
aof-rewrite-incremental-fsync	5	223
aof-rewrite-incremental-fsync	6	223
aof-rewrite-incremental-fsync	7	223
aof-rewrite-incremental-fsync	8	223
aof-rewrite-incremental-fsync	9	223
aof-rewrite-incremental-fsync	10	223
aof-rewrite-incremental-fsync	11	223
aof-rewrite-incremental-fsync	12	223
aof-rewrite-incremental-fsync	13	223
aof-rewrite-incremental-fsync	14	223
aof-rewrite-incremental-fsync	15	223
aof-rewrite-incremental-fsync	16	223
aof-rewrite-incremental-fsync	17	223
aof-rewrite-incremental-fsync	18	223
aof-timestamp-enabled	0	-1
aof-timestamp-enabled	1	-1
aof-timestamp-enabled	2	223
aof-timestamp-enabled	3	223
aof-timestamp-enabled	4	223
aof-timestamp-enabled	5	223
aof-timestamp-enabled	6	223
aof-timestamp-enabled	7	223
aof-timestamp-enabled	8	223
aof-timestamp-enabled	9	223
aof-timestamp-enabled	10	223
aof-timestamp-enabled	11	223
aof-timestamp-enabled	12	223
aof-timestamp-enabled	13	223
aof-timestamp-enabled	14	223
aof-timestamp-enabled	15	223
aof-timestamp-enabled	16	223
aof-timestamp-enabled	17	223
aof-timestamp-enabled	18	223
aof-use-rdb-preamble	0	-1
aof-use-rdb-preamble	1	-1
aof-use-rdb-preamble	2	223
aof-use-rdb-preamble	3	223
aof-use-rdb-preamble	4	223
aof-use-rdb-preamble	5	223
aof-use-rdb-preamble	6	223
aof-use-rdb-preamble	7	223
aof-use-rdb-preamble	8	223
aof-use-rdb-preamble	9	223
aof-use-rdb-preamble	10	223
aof-use-rdb-preamble	11	223
aof-use-rdb-preamble	12	223
aof-use-rdb-preamble	13	223
aof-use-rdb-preamble	14	223
aof-use-rdb-preamble	15	223
aof-use-rdb-preamble	16	223
aof-use-rdb-preamble	17	223
aof-use-rdb-preamble	18	223
aof_rewrite_cpulist	0	-1
aof_rewrite_cpulist	1	-1
aof_rewrite_cpulist	2	-1
aof_rewrite_cpulist	3	-1
aof_rewrite_cpulist	4	-1
aof_rewrite_cpulist	5	-1
aof_rewrite_cpulist	6	-1
aof_rewrite_cpulist	7	-1
aof_rewrite_cpulist	8	-1
aof_rewrite_cpulist	9	-1
aof_rewrite_cpulist	10	-1
aof_rewrite_cpulist	11	-1
aof_rewrite_cpulist	12	-1
aof_rewrite_cpulist	13	-1
aof_rewrite_cpulist	14	-1
aof_rewrite_cpulist	15	-1
aof_rewrite_cpulist	16	-1
aof_rewrite_cpulist	17	-1
aof_rewrite_cpulist	18	-1
appenddirname	0	-1
appenddirname	1	-1
appenddirname	2	-1
appenddirname	3	-1
appenddirname	4	-1
appenddirname	5	-1
appenddirname	6	-1
appenddirname	7	-1
appenddirname	8	224
appenddirname	9	-1
appenddirname	10	-1
appenddirname	11	-1
appenddirname	12	-1
appenddirname	13	-1
appenddirname	14	-1
appenddirname	15	-1
appenddirname	16	-1
appenddirname	17	-1
appenddirname	18	-1
appendfilename	0	-1
appendfilename	1	-1
appendfilename	2	-1
appendfilename	3	-1
appendfilename	4	-1
appendfilename	5	-1
appendfilename	6	-1
appendfilename	7	-1
appendfilename	8	225
appendfilename	9	-1
appendfilename	10	-1
appendfilename	11	-1
appendfilename	12	-1
appendfilename	13	-1
appendfilename	14	-1
appendfilename	15	-1
appendfilename	16	-1
appendfilename	17	-1
appendfilename	18	-1
appendfsync	0	226
appendfsync	1	-1
appendfsync	2	226
appendfsync	3	226
appendfsync	4	226
appendfsync	5	226
appendfsync	6	226
appendfsync	7	226
appendfsync	8	226
appendfsync	9	226
appendfsync	10	226
appendfsync	11	226
appendfsync	12	226
appendfsync	13	226
appendfsync	14	226
appendfsync	15	226
appendfsync	16	226
appendfsync	17	226
appendfsync	18	226
appendonly	0	-1
appendonly	1	-1
appendonly	2	223
appendonly	3	223
appendonly	4	223
appendonly	5	223
appendonly	6	223
appendonly	7	223
appendonly	8	223
appendonly	9	223
appendonly	10	223
appendonly	11	223
appendonly	12	223
appendonly	13	223
appendonly	14	223
appendonly	15	223
appendonly	16	223
appendonly	17	223
appendonly	18	223
auto-aof-rewrite-min-size	0	218
auto-aof-rewrite-min-size	1	218
auto-aof-rewrite-min-size	2	-1
auto-aof-rewrite-min-size	3	-1
auto-aof-rewrite-min-size	4	218
auto-aof-rewrite-min-size	5	-1
auto-aof-rewrite-min-size	6	-1
auto-aof-rewrite-min-size	7	-1
auto-aof-rewrite-min-size	8	-1
auto-aof-rewrite-min-size	9	218
auto-aof-rewrite-min-size	10	218
auto-aof-rewrite-min-size	11	-1
auto-aof-rewrite-min-size	12	218
auto-aof-rewrite-min-size	13	218
auto-aof-rewrite-min-size	14	218
auto-aof-rewrite-min-size	15	218
auto-aof-rewrite-min-size	16	218
auto-aof-rewrite-min-size	17	-1
auto-aof-rewrite-min-size	18	-1
auto-aof-rewrite-percentage	0	215
auto-aof-rewrite-percentage	1	215
auto-aof-rewrite-percentage	2	-1
auto-aof-rewrite-percentage	3	-1
auto-aof-rewrite-percentage	4	227
auto-aof-rewrite-percentage	5	215
auto-aof-rewrite-percentage	6	215
auto-aof-rewrite-percentage	7	215
auto-aof-rewrite-percentage	8	215
auto-aof-rewrite-percentage	9	215
auto-aof-rewrite-percentage	10	215
auto-aof-rewrite-percentage	11	-1
auto-aof-rewrite-percentage	12	215
auto-aof-rewrite-percentage	13	215
auto-aof-rewrite-percentage	14	215
auto-aof-rewrite-percentage	15	215
auto-aof-rewrite-percentage	16	215
auto-aof-rewrite-percentage	17	215
auto-aof-rewrite-percentage	18	-1
bgsave_cpulist	0	-1
bgsave_cpulist	1	-1
bgsave_cpulist	2	-1
bgsave_cpulist	3	-1
bgsave_cpulist	4	-1
bgsave_cpulist	5	-1
bgsave_cpulist	6	-1
bgsave_cpulist	7	-1
bgsave_cpulist	8	-1
bgsave_cpulist	9	-1
bgsave_cpulist	10	-1
bgsave_cpulist	11	-1
bgsave_cpulist	12	-1
bgsave_cpulist	13	-1
bgsave_cpulist	14	-1
bgsave_cpulist	15	-1
bgsave_cpulist	16	-1
bgsave_cpulist	17	-1
bgsave_cpulist	18	-1
bind	0	-1
bind	1	-1
bind	2	-1
bind	3	-1
bind	4	-1
bind	5	-1
bind	6	-1
bind	7	-1
bind	8	-1
bind	9	-1
bind	10	-1
bind	11	-1
bind	12	-1
bind	13	-1
bind	14	-1
bind	15	-1
bind	16	-1
bind	17	-1
bind	18	-1
bind-source-addr	0	-1
bind-source-addr	1	-1
bind-source-addr	2	-1
bind-source-addr	3	-1
bind-source-addr	4	-1
bind-source-addr	5	-1
bind-source-addr	6	-1
bind-source-addr	7	-1
bind-source-addr	8	-1
bind-source-addr	9	-1
bind-source-addr	10	-1
bind-source-addr	11	-1
bind-source-addr	12	-1
bind-source-addr	13	-1
bind-source-addr	14	-1
bind-source-addr	15	-1
bind-source-addr	16	-1
bind-source-addr	17	-1
bind-source-addr	18	-1
bio_cpulist	0	-1
bio_cpulist	1	-1
bio_cpulist	2	-1
bio_cpulist	3	-1
bio_cpulist	4	-1
bio_cpulist	5	-1
bio_cpulist	6	-1
bio_cpulist	7	-1
bio_cpulist	8	-1
bio_cpulist	9	-1
bio_cpulist	10	-1
bio_cpulist	11	-1
bio_cpulist	12	-1
bio_cpulist	13	-1
bio_cpulist	14	-1
bio_cpulist	15	-1
bio_cpulist	16	-1
bio_cpulist	17	-1
bio_cpulist	18	-1
busy-reply-threshold	0	215
busy-reply-threshold	1	215
busy-reply-threshold	2	-1
busy-reply-threshold	3	-1
busy-reply-threshold	4	216
busy-reply-threshold	5	215
busy-reply-threshold	6	215
busy-reply-threshold	7	215
busy-reply-threshold	8	215
busy-reply-threshold	9	215
busy-reply-threshold	10	215
busy-reply-threshold	11	-1
busy-reply-threshold	12	215
busy-reply-threshold	13	215
busy-reply-threshold	14	215
busy-reply-threshold	15	215
busy-reply-threshold	16	215
busy-reply-threshold	17	215
busy-reply-threshold	18	-1
client-output-buffer-limit	0	228
client-output-buffer-limit	1	228
client-output-buffer-limit	2	228
client-output-buffer-limit	3	228
client-output-buffer-limit	4	228
client-output-buffer-limit	5	228
client-output-buffer-limit	6	228
client-output-buffer-limit	7	228
client-output-buffer-limit	8	228
client-output-buffer-limit	9	228
client-output-buffer-limit	10	228
client-output-buffer-limit	11	228
client-output-buffer-limit	12	228
client-output-buffer-limit	13	-1
client-output-buffer-limit	14	228
client-output-buffer-limit	15	228
client-output-buffer-limit	16	228
client-output-buffer-limit	17	228
client-output-buffer-limit	18	228
client-query-buffer-limit	0	218
client-query-buffer-limit	1	218
client-query-buffer-limit	2	229
client-query-buffer-limit	3	229
client-query-buffer-limit	4	218
client-query-buffer-limit	5	229
client-query-buffer-limit	6	229
client-query-buffer-limit	7	229
client-query-buffer-limit	8	229
client-query-buffer-limit	9	218
client-query-buffer-limit	10	218
client-query-buffer-limit	11	229
client-query-buffer-limit	12	218
client-query-buffer-limit	13	218
client-query-buffer-limit	14	218
client-query-buffer-limit	15	218
client-query-buffer-limit	16	218
client-query-buffer-limit	17	-1
client-query-buffer-limit	18	229
cluster-allow-pubsubshard-when-down	0	-1
cluster-allow-pubsubshard-when-down	1	-1
cluster-allow-pubsubshard-when-down	2	223
cluster-allow-pubsubshard-when-down	3	223
cluster-allow-pubsubshard-when-down	4	223
cluster-allow-pubsubshard-when-down	5	223
cluster-allow-pubsubshard-when-down	6	223
cluster-allow-pubsubshard-when-down	7	223
cluster-allow-pubsubshard-when-down	8	223
cluster-allow-pubsubshard-when-down	9	223
cluster-allow-pubsubshard-when-down	10	223
cluster-allow-pubsubshard-when-down	11	223
cluster-allow-pubsubshard-when-down	12	223
cluster-allow-pubsubshard-when-down	13	223
cluster-allow-pubsubshard-when-down	14	223
cluster-allow-pubsubshard-when-down	15	223
cluster-allow-pubsubshard-when-down	16	223
cluster-allow-pubsubshard-when-down	17	223
cluster-allow-pubsubshard-when-down	18	223
cluster-allow-reads-when-down	0	-1
cluster-allow-reads-when-down	1	-1
cluster-allow-reads-when-down	2	223
cluster-allow-reads-when-down	3	223
cluster-allow-reads-when-down	4	223
cluster-allow-reads-when-down	5	223
cluster-allow-reads-when-down	6	223
cluster-allow-reads-when-down	7	223
cluster-allow-reads-when-down	8	223
cluster-allow-reads-when-down	9	223
cluster-allow-reads-when-down	10	223
cluster-allow-reads-when-down	11	223
cluster-allow-reads-when-down	12	223
cluster-allow-reads-when-down	13	223
cluster-allow-reads-when-down	14	223
cluster-allow-reads-when-down	15	223
cluster-allow-reads-when-down	16	223
cluster-allow-reads-when-down	17	223
cluster-allow-reads-when-down	18	223
cluster-allow-replica-migration	0	-1
cluster-allow-replica-migration	1	-1
cluster-allow-replica-migration	2	223
cluster-allow-replica-migration	3	223
cluster-allow-replica-migration	4	223
cluster-allow-replica-migration	5	223
cluster-allow-replica-migration	6	223
cluster-allow-replica-migration	7	223
cluster-allow-replica-migration	8	223
cluster-allow-replica-migration	9	223
cluster-allow-replica-migration	10	223
cluster-allow-replica-migration	11	223
cluster-allow-replica-migration	12	223
cluster-allow-replica-migration	13	223
cluster-allow-replica-migration	14	223
cluster-allow-replica-migration	15	223
cluster-allow-replica-migration	16	223
cluster-allow-replica-migration	17	223
cluster-allow-replica-migration	18	223
cluster-announce-bus-port	0	215
cluster-announce-bus-port	1	215
cluster-announce-bus-port	2	-1
cluster-announce-bus-port	3	-1
cluster-announce-bus-port	4	230
cluster-announce-bus-port	5	215
cluster-announce-bus-port	6	215
cluster-announce-bus-port	7	215
cluster-announce-bus-port	8	215
cluster-announce-bus-port	9	215
cluster-announce-bus-port	10	215
cluster-announce-bus-port	11	-1
cluster-announce-bus-port	12	215
cluster-announce-bus-port	13	215
cluster-announce-bus-port	14	215
cluster-announce-bus-port	15	215
cluster-announce-bus-port	16	215
cluster-announce-bus-port	17	215
cluster-announce-bus-port	18	-1
cluster-announce-hostname	0	-1
cluster-announce-hostname	1	-1
cluster-announce-hostname	2	-1
cluster-announce-hostname	3	-1
cluster-announce-hostname	4	-1
cluster-announce-hostname	5	-1
cluster-announce-hostname	6	-1
cluster-announce-hostname	7	-1
cluster-announce-hostname	8	-1
cluster-announce-hostname	9	231
cluster-announce-hostname	10	231
cluster-announce-hostname	11	-1
cluster-announce-hostname	12	231
cluster-announce-hostname	13	231
cluster-announce-hostname	14	-1
cluster-announce-hostname	15	-1
cluster-announce-hostname	16	-1
cluster-announce-hostname	17	-1
cluster-announce-hostname	18	-1
cluster-announce-ip	0	-1
cluster-announce-ip	1	-1
cluster-announce-ip	2	-1
cluster-announce-ip	3	-1
cluster-announce-ip	4	-1
cluster-announce-ip	5	-1
cluster-announce-ip	6	-1
cluster-announce-ip	7	-1
cluster-announce-ip	8	-1
cluster-announce-ip	9	-1
cluster-announce-ip	10	-1
cluster-announce-ip	11	-1
cluster-announce-ip	12	-1
cluster-announce-ip	13	-1
cluster-announce-ip	14	-1
cluster-announce-ip	15	-1
cluster-announce-ip	16	-1
cluster-announce-ip	17	-1
cluster-announce-ip	18	-1
cluster-announce-port	0	215
cluster-announce-port	1	215
cluster-announce-port	2	-1
cluster-announce-port	3	-1
cluster-announce-port	4	230
cluster-announce-port	5	215
cluster-announce-port	6	215
cluster-announce-port	7	215
cluster-announce-port	8	215
cluster-announce-port	9	215
cluster-announce-port	10	215
cluster-announce-port	11	-1
cluster-announce-port	12	215
cluster-announce-port	13	215
cluster-announce-port	14	215
cluster-announce-port	15	215
cluster-announce-port	16	215
cluster-announce-port	17	215
cluster-announce-port	18	-1
cluster-announce-tls-port	0	215
cluster-announce-tls-port	1	215
cluster-announce-tls-port	2	-1
cluster-announce-tls-port	3	-1
cluster-announce-tls-port	4	230
cluster-announce-tls-port	5	215
cluster-announce-tls-port	6	215
cluster-announce-tls-port	7	215
cluster-announce-tls-port	8	215
cluster-announce-tls-port	9	215
cluster-announce-tls-port	10	215
cluster-announce-tls-port	11	-1
cluster-announce-tls-port	12	215
cluster-announce-tls-port	13	215
cluster-announce-tls-port	14	215
cluster-announce-tls-port	15	215
cluster-announce-tls-port	16	215
cluster-announce-tls-port	17	215
cluster-announce-tls-port	18	-1
cluster-config-file	0	-1
cluster-config-file	1	-1
cluster-config-file	2	-1
cluster-config-file	3	-1
cluster-config-file	4	-1
cluster-config-file	5	-1
cluster-config-file	6	-1
cluster-config-file	7	-1
cluster-config-file	8	-1
cluster-config-file	9	-1
cluster-config-file	10	-1
cluster-config-file	11	-1
cluster-config-file	12	-1
cluster-config-file	13	-1
cluster-config-file	14	-1
cluster-config-file	15	-1
cluster-config-file	16	-1
cluster-config-file	17	-1
cluster-config-file	18	-1
cluster-enabled	0	-1
cluster-enabled	1	-1
cluster-enabled	2	223
cluster-enabled	3	223
cluster-enabled	4	223
cluster-enabled	5	223
cluster-enabled	6	223
cluster-enabled	7	223
cluster-enabled	8	223
cluster-enabled	9	223
cluster-enabled	10	223
cluster-enabled	11	223
cluster-enabled	12	223
cluster-enabled	13	223
cluster-enabled	14	223
cluster-enabled	15	223
cluster-enabled	16	223
cluster-enabled	17	223
cluster-enabled	18	223
cluster-link-sendbuf-limit	0	218
cluster-link-sendbuf-limit	1	218
cluster-link-sendbuf-limit	2	-1
cluster-link-sendbuf-limit	3	-1
cluster-link-sendbuf-limit	4	218
cluster-link-sendbuf-limit	5	-1
cluster-link-sendbuf-limit	6	-1
cluster-link-sendbuf-limit	7	-1
cluster-link-sendbuf-limit	8	-1
cluster-link-sendbuf-limit	9	218
cluster-link-sendbuf-limit	10	218
cluster-link-sendbuf-limit	11	-1
cluster-link-sendbuf-limit	12	218
cluster-link-sendbuf-limit	13	218
cluster-link-sendbuf-limit	14	218
cluster-link-sendbuf-limit	15	218
cluster-link-sendbuf-limit	16	218
cluster-link-sendbuf-limit	17	-1
cluster-link-sendbuf-limit	18	-1
cluster-migration-barrier	0	215
cluster-migration-barrier	1	215
cluster-migration-barrier	2	-1
cluster-migration-barrier	3	-1
cluster-migration-barrier	4	227
cluster-migration-barrier	5	215
cluster-migration-barrier	6	215
cluster-migration-barrier	7	215
cluster-migration-barrier	8	215
cluster-migration-barrier	9	215
cluster-migration-barrier	10	215
cluster-migration-barrier	11	-1
cluster-migration-barrier	12	215
cluster-migration-barrier	13	215
cluster-migration-barrier	14	215
cluster-migration-barrier	15	215
cluster-migration-barrier	16	215
cluster-migration-barrier	17	215
cluster-migration-barrier	18	-1
cluster-node-timeout	0	215
cluster-node-timeout	1	215
cluster-node-timeout	2	-1
cluster-node-timeout	3	-1
cluster-node-timeout	4	216
cluster-node-timeout	5	215
cluster-node-timeout	6	215
cluster-node-timeout	7	215
cluster-node-timeout	8	215
cluster-node-timeout	9	215
cluster-node-timeout	10	215
cluster-node-timeout	11	-1
cluster-node-timeout	12	215
cluster-node-timeout	13	215
cluster-node-timeout	14	215
cluster-node-timeout	15	215
cluster-node-timeout	16	215
cluster-node-timeout	17	215
cluster-node-timeout	18	-1
cluster-port	0	215
cluster-port	1	215
cluster-port	2	-1
cluster-port	3	-1
cluster-port	4	230
cluster-port	5	215
cluster-port	6	215
cluster-port	7	215
cluster-port	8	215
cluster-port	9	215
cluster-port	10	215
cluster-port	11	-1
cluster-port	12	215
cluster-port	13	215
cluster-port	14	215
cluster-port	15	215
cluster-port	16	215
cluster-port	17	215
cluster-port	18	-1
cluster-preferred-endpoint-type	0	232
cluster-preferred-endpoint-type	1	232
cluster-preferred-endpoint-type	2	232
cluster-preferred-endpoint-type	3	232
cluster-preferred-endpoint-type	4	232
cluster-preferred-endpoint-type	5	232
cluster-preferred-endpoint-type	6	232
cluster-preferred-endpoint-type	7	232
cluster-preferred-endpoint-type	8	232
cluster-preferred-endpoint-type	9	232
cluster-preferred-endpoint-type	10	232
cluster-preferred-endpoint-type	11	232
cluster-preferred-endpoint-type	12	232
cluster-preferred-endpoint-type	13	232
cluster-preferred-endpoint-type	14	232
cluster-preferred-endpoint-type	15	232
cluster-preferred-endpoint-type	16	232
cluster-preferred-endpoint-type	17	232
cluster-preferred-endpoint-type	18	232
cluster-replica-no-failover	0	-1
cluster-replica-no-failover	1	-1
cluster-replica-no-failover	2	223
cluster-replica-no-failover	3	223
cluster-replica-no-failover	4	223
cluster-replica-no-failover	5	223
cluster-replica-no-failover	6	223
cluster-replica-no-failover	7	223
cluster-replica-no-failover	8	223
cluster-replica-no-failover	9	223
cluster-replica-no-failover	10	223
cluster-replica-no-failover	11	223
cluster-replica-no-failover	12	223
cluster-replica-no-failover	13	223
cluster-replica-no-failover	14	223
cluster-replica-no-failover	15	223
cluster-replica-no-failover	16	223
cluster-replica-no-failover	17	223
cluster-replica-no-failover	18	223
cluster-replica-validity-factor	0	215
cluster-replica-validity-factor	1	215
cluster-replica-validity-factor	2	-1
cluster-replica-validity-factor	3	-1
cluster-replica-validity-factor	4	227
cluster-replica-validity-factor	5	215
cluster-replica-validity-factor	6	215
cluster-replica-validity-factor	7	215
cluster-replica-validity-factor	8	215
cluster-replica-validity-factor	9	215
cluster-replica-validity-factor	10	215
cluster-replica-validity-factor	11	-1
cluster-replica-validity-factor	12	215
cluster-replica-validity-factor	13	215
cluster-replica-validity-factor	14	215
cluster-replica-validity-factor	15	215
cluster-replica-validity-factor	16	215
cluster-replica-validity-factor	17	215
cluster-replica-validity-factor	18	-1
cluster-require-full-coverage	0	-1
cluster-require-full-coverage	1	-1
cluster-require-full-coverage	2	223
cluster-require-full-coverage	3	223
cluster-require-full-coverage	4	223
cluster-require-full-coverage	5	223
cluster-require-full-coverage	6	223
cluster-require-full-coverage	7	223
cluster-require-full-coverage	8	223
cluster-require-full-coverage	9	223
cluster-require-full-coverage	10	223
cluster-require-full-coverage	11	223
cluster-require-full-coverage	12	223
cluster-require-full-coverage	13	223
cluster-require-full-coverage	14	223
cluster-require-full-coverage	15	223
cluster-require-full-coverage	16	223
cluster-require-full-coverage	17	223
cluster-require-full-coverage	18	223
cluster-slave-no-failover	0	-1
cluster-slave-no-failover	1	-1
cluster-slave-no-failover	2	223
cluster-slave-no-failover	3	223
cluster-slave-no-failover	4	223
cluster-slave-no-failover	5	223
cluster-slave-no-failover	6	223
cluster-slave-no-failover	7	223
cluster-slave-no-failover	8	223
cluster-slave-no-failover	9	223
cluster-slave-no-failover	10	223
cluster-slave-no-failover	11	223
cluster-slave-no-failover	12	223
cluster-slave-no-failover	13	223
cluster-slave-no-failover	14	223
cluster-slave-no-failover	15	223
cluster-slave-no-failover	16	223
cluster-slave-no-failover	17	223
cluster-slave-no-failover	18	223
cluster-slave-validity-factor	0	215
cluster-slave-validity-factor	1	215
cluster-slave-validity-factor	2	-1
cluster-slave-validity-factor	3	-1
cluster-slave-validity-factor	4	227
cluster-slave-validity-factor	5	215
cluster-slave-validity-factor	6	215
cluster-slave-validity-factor	7	215
cluster-slave-validity-factor	8	215
cluster-slave-validity-factor	9	215
cluster-slave-validity-factor	10	215
cluster-slave-validity-factor	11	-1
cluster-slave-validity-factor	12	215
cluster-slave-validity-factor	13	215
cluster-slave-validity-factor	14	215
cluster-slave-validity-factor	15	215
cluster-slave-validity-factor	16	215
cluster-slave-validity-factor	17	215
cluster-slave-validity-factor	18	-1
crash-log-enabled	0	-1
crash-log-enabled	1	-1
crash-log-enabled	2	223
crash-log-enabled	3	223
crash-log-enabled	4	223
crash-log-enabled	5	223
crash-log-enabled	6	223
crash-log-enabled	7	223
crash-log-enabled	8	223
crash-log-enabled	9	223
crash-log-enabled	10	223
crash-log-enabled	11	223
crash-log-enabled	12	223
crash-log-enabled	13	223
crash-log-enabled	14	223
crash-log-enabled	15	223
crash-log-enabled	16	223
crash-log-enabled	17	223
crash-log-enabled	18	223
crash-memcheck-enabled	0	-1
crash-memcheck-enabled	1	-1
crash-memcheck-enabled	2	223
crash-memcheck-enabled	3	223
crash-memcheck-enabled	4	223
crash-memcheck-enabled	5	223
crash-memcheck-enabled	6	223
crash-memcheck-enabled	7	223
crash-memcheck-enabled	8	223
crash-memcheck-enabled	9	223
crash-memcheck-enabled	10	223
crash-memcheck-enabled	11	223
crash-memcheck-enabled	12	223
crash-memcheck-enabled	13	223
crash-memcheck-enabled	14	223
crash-memcheck-enabled	15	223
crash-memcheck-enabled	16	223
crash-memcheck-enabled	17	223
crash-memcheck-enabled	18	223
daemonize	0	-1
daemonize	1	-1
daemonize	2	223
daemonize	3	223
daemonize	4	223
daemonize	5	223
daemonize	6	223
daemonize	7	223
daemonize	8	223
daemonize	9	223
daemonize	10	223
daemonize	11	223
daemonize	12	223
daemonize	13	223
daemonize	14	223
daemonize	15	223
daemonize	16	223
daemonize	17	223
daemonize	18	223
databases	0	215
databases	1	215
databases	2	233
databases	3	-1
databases	4	233
databases	5	215
databases	6	215
databases	7	215
databases	8	215
databases	9	215
databases	10	215
databases	11	-1
databases	12	215
databases	13	215
databases	14	215
databases	15	215
databases	16	215
databases	17	215
databases	18	-1
dbfilename	0	-1
dbfilename	1	-1
dbfilename	2	-1
dbfilename	3	-1
dbfilename	4	-1
dbfilename	5	-1
dbfilename	6	-1
dbfilename	7	-1
dbfilename	8	-1
dbfilename	9	-1
dbfilename	10	-1
dbfilename	11	-1
dbfilename	12	-1
dbfilename	13	-1
dbfilename	14	-1
dbfilename	15	-1
dbfilename	16	-1
dbfilename	17	-1
dbfilename	18	-1
dir	0	234
dir	1	234
dir	2	234
dir	3	234
dir	4	234
dir	5	234
dir	6	234
dir	7	234
dir	8	234
dir	9	234
dir	10	234
dir	11	234
dir	12	234
dir	13	234
dir	14	234
dir	15	234
dir	16	234
dir	17	234
dir	18	234
disable-thp	0	-1
disable-thp	1	-1
disable-thp	2	223
disable-thp	3	223
disable-thp	4	223
disable-thp	5	223
disable-thp	6	223
disable-thp	7	223
disable-thp	8	223
disable-thp	9	223
disable-thp	10	223
disable-thp	11	223
disable-thp	12	223
disable-thp	13	223
disable-thp	14	223
disable-thp	15	223
disable-thp	16	223
disable-thp	17	223
disable-thp	18	223
dynamic-hz	0	-1
dynamic-hz	1	-1
dynamic-hz	2	223
dynamic-hz	3	223
dynamic-hz	4	223
dynamic-hz	5	223
dynamic-hz	6	223
dynamic-hz	7	223
dynamic-hz	8	223
dynamic-hz	9	223
dynamic-hz	10	223
dynamic-hz	11	223
dynamic-hz	12	223
dynamic-hz	13	223
dynamic-hz	14	223
dynamic-hz	15	223
dynamic-hz	16	223
dynamic-hz	17	223
dynamic-hz	18	223
enable-debug-command	0	-1
enable-debug-command	1	-1
enable-debug-command	2	235
enable-debug-command	3	235
enable-debug-command	4	235
enable-debug-command	5	235
enable-debug-command	6	235
enable-debug-command	7	235
enable-debug-command	8	235
enable-debug-command	9	235
enable-debug-command	10	235
enable-debug-command	11	235
enable-debug-command	12	235
enable-debug-command	13	235
enable-debug-command	14	235
enable-debug-command	15	235
enable-debug-command	16	235
enable-debug-command	17	235
enable-debug-command	18	235
enable-module-command	0	-1
enable-module-command	1	-1
enable-module-command	2	235
enable-module-command	3	235
enable-module-command	4	235
enable-module-command	5	235
enable-module-command	6	235
enable-module-command	7	235
enable-module-command	8	235
enable-module-command	9	235
enable-module-command	10	235
enable-module-command	11	235
enable-module-command	12	235
enable-module-command	13	235
enable-module-command	14	235
enable-module-command	15	235
enable-module-command	16	235
enable-module-command	17	235
enable-module-command	18	235
enable-protected-configs	0	-1
enable-protected-configs	1	-1
enable-protected-configs	2	235
enable-protected-configs	3	235
enable-protected-configs	4	235
enable-protected-configs	5	235
enable-protected-configs	6	235
enable-protected-configs	7	235
enable-protected-configs	8	235
enable-protected-configs	9	235
enable-protected-configs	10	235
enable-protected-configs	11	235
enable-protected-configs	12	235
enable-protected-configs	13	235
enable-protected-configs	14	235
enable-protected-configs	15	235
enable-protected-configs	16	235
enable-protected-configs	17	235
enable-protected-configs	18	235
hash-max-listpack-entries	0	215
hash-max-listpack-entries	1	215
hash-max-listpack-entries	2	-1
hash-max-listpack-entries	3	-1
hash-max-listpack-entries	4	216
hash-max-listpack-entries	5	215
hash-max-listpack-entries	6	215
hash-max-listpack-entries	7	215
hash-max-listpack-entries	8	215
hash-max-listpack-entries	9	215
hash-max-listpack-entries	10	215
hash-max-listpack-entries	11	-1
hash-max-listpack-entries	12	215
hash-max-listpack-entries	13	215
hash-max-listpack-entries	14	215
hash-max-listpack-entries	15	215
hash-max-listpack-entries	16	215
hash-max-listpack-entries	17	215
hash-max-listpack-entries	18	-1
hash-max-listpack-value	0	218
hash-max-listpack-value	1	218
hash-max-listpack-value	2	-1
hash-max-listpack-value	3	-1
hash-max-listpack-value	4	218
hash-max-listpack-value	5	-1
hash-max-listpack-value	6	-1
hash-max-listpack-value	7	-1
hash-max-listpack-value	8	-1
hash-max-listpack-value	9	218
hash-max-listpack-value	10	218
hash-max-listpack-value	11	-1
hash-max-listpack-value	12	218
hash-max-listpack-value	13	218
hash-max-listpack-value	14	218
hash-max-listpack-value	15	218
hash-max-listpack-value	16	218
hash-max-listpack-value	17	-1
hash-max-listpack-value	18	-1
hash-max-ziplist-entries	0	215
hash-max-ziplist-entries	1	215
hash-max-ziplist-entries	2	-1
hash-max-ziplist-entries	3	-1
hash-max-ziplist-entries	4	216
hash-max-ziplist-entries	5	215
hash-max-ziplist-entries	6	215
hash-max-ziplist-entries	7	215
hash-max-ziplist-entries	8	215
hash-max-ziplist-entries	9	215
hash-max-ziplist-entries	10	215
hash-max-ziplist-entries	11	-1
hash-max-ziplist-entries	12	215
hash-max-ziplist-entries	13	215
hash-max-ziplist-entries	14	215
hash-max-ziplist-entries	15	215
hash-max-ziplist-entries	16	215
hash-max-ziplist-entries	17	215
hash-max-ziplist-entries	18	-1
hash-max-ziplist-value	0	218
hash-max-ziplist-value	1	218
hash-max-ziplist-value	2	-1
hash-max-ziplist-value	3	-1
hash-max-ziplist-value	4	218
hash-max-ziplist-value	5	-1
hash-max-ziplist-value	6	-1
hash-max-ziplist-value	7	-1
hash-max-ziplist-value	8	-1
hash-max-ziplist-value	9	218
hash-max-ziplist-value	10	218
hash-max-ziplist-value	11	-1
hash-max-ziplist-value	12	218
hash-max-ziplist-value	13	218
hash-max-ziplist-value	14	218
hash-max-ziplist-value	15	218
hash-max-ziplist-value	16	218
hash-max-ziplist-value	17	-1
hash-max-ziplist-value	18	-1
hll-sparse-max-bytes	0	218
hll-sparse-max-bytes	1	218
hll-sparse-max-bytes	2	-1
hll-sparse-max-bytes	3	-1
hll-sparse-max-bytes	4	218
hll-sparse-max-bytes	5	-1
hll-sparse-max-bytes	6	-1
hll-sparse-max-bytes	7	-1
hll-sparse-max-bytes	8	-1
hll-sparse-max-bytes	9	218
hll-sparse-max-bytes	10	218
hll-sparse-max-bytes	11	-1
hll-sparse-max-bytes	12	218
hll-sparse-max-bytes	13	218
hll-sparse-max-bytes	14	218
hll-sparse-max-bytes	15	218
hll-sparse-max-bytes	16	218
hll-sparse-max-bytes	17	-1
hll-sparse-max-bytes	18	-1
hz	0	215
hz	1	215
hz	2	-1
hz	3	-1
hz	4	227
hz	5	215
hz	6	215
hz	7	215
hz	8	215
hz	9	215
hz	10	215
hz	11	-1
hz	12	215
hz	13	215
hz	14	215
hz	15	215
hz	16	215
hz	17	215
hz	18	-1
ignore-warnings	0	-1
ignore-warnings	1	-1
ignore-warnings	2	-1
ignore-warnings	3	-1
ignore-warnings	4	-1
ignore-warnings	5	-1
ignore-warnings	6	-1
ignore-warnings	7	-1
ignore-warnings	8	-1
ignore-warnings	9	-1
ignore-warnings	10	-1
ignore-warnings	11	-1
ignore-warnings	12	-1
ignore-warnings	13	-1
ignore-warnings	14	-1
ignore-warnings	15	-1
ignore-warnings	16	-1
ignore-warnings	17	-1
ignore-warnings	18	-1
io-threads	0	215
io-threads	1	215
io-threads	2	236
io-threads	3	-1
io-threads	4	236
io-threads	5	215
io-threads	6	215
io-threads	7	215
io-threads	8	215
io-threads	9	215
io-threads	10	215
io-threads	11	236
io-threads	12	215
io-threads	13	215
io-threads	14	215
io-threads	15	215
io-threads	16	215
io-threads	17	215
io-threads	18	-1
io-threads-do-reads	0	-1
io-threads-do-reads	1	-1
io-threads-do-reads	2	223
io-threads-do-reads	3	223
io-threads-do-reads	4	223
io-threads-do-reads	5	223
io-threads-do-reads	6	223
io-threads-do-reads	7	223
io-threads-do-reads	8	223
io-threads-do-reads	9	223
io-threads-do-reads	10	223
io-threads-do-reads	11	223
io-threads-do-reads	12	223
io-threads-do-reads	13	223
io-threads-do-reads	14	223
io-threads-do-reads	15	223
io-threads-do-reads	16	223
io-threads-do-reads	17	223
io-threads-do-reads	18	223
jemalloc-bg-thread	0	-1
jemalloc-bg-thread	1	-1
jemalloc-bg-thread	2	223
jemalloc-bg-thread	3	223
jemalloc-bg-thread	4	223
jemalloc-bg-thread	5	223
jemalloc-bg-thread	6	223
jemalloc-bg-thread	7	223
jemalloc-bg-thread	8	223
jemalloc-bg-thread	9	223
jemalloc-bg-thread	10	223
jemalloc-bg-thread	11	223
jemalloc-bg-thread	12	223
jemalloc-bg-thread	13	223
jemalloc-bg-thread	14	223
jemalloc-bg-thread	15	223
jemalloc-bg-thread	16	223
jemalloc-bg-thread	17	223
jemalloc-bg-thread	18	223
latency-monitor-threshold	0	215
latency-monitor-threshold	1	215
latency-monitor-threshold	2	-1
latency-monitor-threshold	3	-1
latency-monitor-threshold	4	216
latency-monitor-threshold	5	215
latency-monitor-threshold	6	215
latency-monitor-threshold	7	215
latency-monitor-threshold	8	215
latency-monitor-threshold	9	215
latency-monitor-threshold	10	215
latency-monitor-threshold	11	-1
latency-monitor-threshold	12	215
latency-monitor-threshold	13	215
latency-monitor-threshold	14	215
latency-monitor-threshold	15	215
latency-monitor-threshold	16	215
latency-monitor-threshold	17	215
latency-monitor-threshold	18	-1
latency-tracking	0	-1
latency-tracking	1	-1
latency-tracking	2	223
latency-tracking	3	223
latency-tracking	4	223
latency-tracking	5	223
latency-tracking	6	223
latency-tracking	7	223
latency-tracking	8	223
latency-tracking	9	223
latency-tracking	10	223
latency-tracking	11	223
latency-tracking	12	223
latency-tracking	13	223
latency-tracking	14	223
latency-tracking	15	223
latency-tracking	16	223
latency-tracking	17	223
latency-tracking	18	223
latency-tracking-info-percentiles	0	237
latency-tracking-info-percentiles	1	237
latency-tracking-info-percentiles	2	-1
latency-tracking-info-percentiles	3	-1
latency-tracking-info-percentiles	4	238
latency-tracking-info-percentiles	5	237
latency-tracking-info-percentiles	6	237
latency-tracking-info-percentiles	7	-1
latency-tracking-info-percentiles	8	-1
latency-tracking-info-percentiles	9	237
latency-tracking-info-percentiles	10	237
latency-tracking-info-percentiles	11	238
latency-tracking-info-percentiles	12	-1
latency-tracking-info-percentiles	13	237
latency-tracking-info-percentiles	14	237
latency-tracking-info-percentiles	15	237
latency-tracking-info-percentiles	16	-1
latency-tracking-info-percentiles	17	237
latency-tracking-info-percentiles	18	-1
lazyfree-lazy-eviction	0	-1
lazyfree-lazy-eviction	1	-1
lazyfree-lazy-eviction	2	223
lazyfree-lazy-eviction	3	223
lazyfree-lazy-eviction	4	223
lazyfree-lazy-eviction	5	223
lazyfree-lazy-eviction	6	223
lazyfree-lazy-eviction	7	223
lazyfree-lazy-eviction	8	223
lazyfree-lazy-eviction	9	223
lazyfree-lazy-eviction	10	223
lazyfree-lazy-eviction	11	223
lazyfree-lazy-eviction	12	223
lazyfree-lazy-eviction	13	223
lazyfree-lazy-eviction	14	223
lazyfree-lazy-eviction	15	223
lazyfree-lazy-eviction	16	223
lazyfree-lazy-eviction	17	223
lazyfree-lazy-eviction	18	223
lazyfree-lazy-expire	0	-1
lazyfree-lazy-expire	1	-1
lazyfree-lazy-expire	2	223
lazyfree-lazy-expire	3	223
lazyfree-lazy-expire	4	223
lazyfree-lazy-expire	5	223
lazyfree-lazy-expire	6	223
lazyfree-lazy-expire	7	223
lazyfree-lazy-expire	8	223
lazyfree-lazy-expire	9	223
lazyfree-lazy-expire	10	223
lazyfree-lazy-expire	11	223
lazyfree-lazy-expire	12	223
lazyfree-lazy-expire	13	223
lazyfree-lazy-expire	14	223
lazyfree-lazy-expire	15	223
lazyfree-lazy-expire	16	223
lazyfree-lazy-expire	17	223
lazyfree-lazy-expire	18	223
lazyfree-lazy-server-del	0	-1
lazyfree-lazy-server-del	1	-1
lazyfree-lazy-server-del	2	223
lazyfree-lazy-server-del	3	223
lazyfree-lazy-server-del	4	223
lazyfree-lazy-server-del	5	223
lazyfree-lazy-server-del	6	223
lazyfree-lazy-server-del	7	223
lazyfree-lazy-server-del	8	223
lazyfree-lazy-server-del	9	223
lazyfree-lazy-server-del	10	223
lazyfree-lazy-server-del	11	223
lazyfree-lazy-server-del	12	223
lazyfree-lazy-server-del	13	223
lazyfree-lazy-server-del	14	223
lazyfree-lazy-server-del	15	223
lazyfree-lazy-server-del	16	223
lazyfree-lazy-server-del	17	223
lazyfree-lazy-server-del	18	223
lazyfree-lazy-user-del	0	-1
lazyfree-lazy-user-del	1	-1
lazyfree-lazy-user-del	2	223
lazyfree-lazy-user-del	3	223
lazyfree-lazy-user-del	4	223
lazyfree-lazy-user-del	5	223
lazyfree-lazy-user-del	6	223
lazyfree-lazy-user-del	7	223
lazyfree-lazy-user-del	8	223
lazyfree-lazy-user-del	9	223
lazyfree-lazy-user-del	10	223
lazyfree-lazy-user-del	11	223
lazyfree-lazy-user-del	12	223
lazyfree-lazy-user-del	13	223
lazyfree-lazy-user-del	14	223
lazyfree-lazy-user-del	15	223
lazyfree-lazy-user-del	16	223
lazyfree-lazy-user-del	17	223
lazyfree-lazy-user-del	18	223
lazyfree-lazy-user-flush	0	-1
lazyfree-lazy-user-flush	1	-1
lazyfree-lazy-user-flush	2	223
lazyfree-lazy-user-flush	3	223
lazyfree-lazy-user-flush	4	223
lazyfree-lazy-user-flush	5	223
lazyfree-lazy-user-flush	6	223
lazyfree-lazy-user-flush	7	223
lazyfree-lazy-user-flush	8	223
lazyfree-lazy-user-flush	9	223
lazyfree-lazy-user-flush	10	223
lazyfree-lazy-user-flush	11	223
lazyfree-lazy-user-flush	12	223
lazyfree-lazy-user-flush	13	223
lazyfree-lazy-user-flush	14	223
lazyfree-lazy-user-flush	15	223
lazyfree-lazy-user-flush	16	223
lazyfree-lazy-user-flush	17	223
lazyfree-lazy-user-flush	18	223
lfu-decay-time	0	215
lfu-decay-time	1	215
lfu-decay-time	2	-1
lfu-decay-time	3	-1
lfu-decay-time	4	227
lfu-decay-time	5	215
lfu-decay-time	6	215
lfu-decay-time	7	215
lfu-decay-time	8	215
lfu-decay-time	9	215
lfu-decay-time	10	215
lfu-decay-time	11	-1
lfu-decay-time	12	215
lfu-decay-time	13	215
lfu-decay-time	14	215
lfu-decay-time	15	215
lfu-decay-time	16	215
lfu-decay-time	17	215
lfu-decay-time	18	-1
lfu-log-factor	0	215
lfu-log-factor	1	215
lfu-log-factor	2	-1
lfu-log-factor	3	-1
lfu-log-factor	4	227
lfu-log-factor	5	215
lfu-log-factor	6	215
lfu-log-factor	7	215
lfu-log-factor	8	215
lfu-log-factor	9	215
lfu-log-factor	10	215
lfu-log-factor	11	-1
lfu-log-factor	12	215
lfu-log-factor	13	215
lfu-log-factor	14	215
lfu-log-factor	15	215
lfu-log-factor	16	215
lfu-log-factor	17	215
lfu-log-factor	18	-1
list-compress-depth	0	215
list-compress-depth	1	215
list-compress-depth	2	-1
list-compress-depth	3	-1
list-compress-depth	4	227
list-compress-depth	5	215
list-compress-depth	6	215
list-compress-depth	7	215
list-compress-depth	8	215
list-compress-depth	9	215
list-compress-depth	10	215
list-compress-depth	11	-1
list-compress-depth	12	215
list-compress-depth	13	215
list-compress-depth	14	215
list-compress-depth	15	215
list-compress-depth	16	215
list-compress-depth	17	215
list-compress-depth	18	-1
list-max-listpack-size	0	215
list-max-listpack-size	1	215
list-max-listpack-size	2	-1
list-max-listpack-size	3	-1
list-max-listpack-size	4	-1
list-max-listpack-size	5	215
list-max-listpack-size	6	215
list-max-listpack-size	7	215
list-max-listpack-size	8	215
list-max-listpack-size	9	215
list-max-listpack-size	10	215
list-max-listpack-size	11	-1
list-max-listpack-size	12	215
list-max-listpack-size	13	215
list-max-listpack-size	14	215
list-max-listpack-size	15	215
list-max-listpack-size	16	215
list-max-listpack-size	17	215
list-max-listpack-size	18	-1
list-max-ziplist-size	0	215
list-max-ziplist-size	1	215
list-max-ziplist-size	2	-1
list-max-ziplist-size	3	-1
list-max-ziplist-size	4	-1
list-max-ziplist-size	5	215
list-max-ziplist-size	6	215
list-max-ziplist-size	7	215
list-max-ziplist-size	8	215
list-max-ziplist-size	9	215
list-max-ziplist-size	10	215
list-max-ziplist-size	11	-1
list-max-ziplist-size	12	215
list-max-ziplist-size	13	215
list-max-ziplist-size	14	215
list-max-ziplist-size	15	215
list-max-ziplist-size	16	215
list-max-ziplist-size	17	215
list-max-ziplist-size	18	-1
logfile	0	-1
logfile	1	-1
logfile	2	-1
logfile	3	-1
logfile	4	-1
logfile	5	-1
logfile	6	-1
logfile	7	-1
logfile	8	-1
logfile	9	-1
logfile	10	-1
logfile	11	-1
logfile	12	-1
logfile	13	-1
logfile	14	-1
logfile	15	-1
logfile	16	-1
logfile	17	-1
logfile	18	-1
loglevel	0	239
loglevel	1	239
loglevel	2	239
loglevel	3	239
loglevel	4	239
loglevel	5	239
loglevel	6	239
loglevel	7	239
loglevel	8	239
loglevel	9	239
loglevel	10	239
loglevel	11	239
loglevel	12	239
loglevel	13	239
loglevel	14	239
loglevel	15	239
loglevel	16	239
loglevel	17	239
loglevel	18	239
lua-time-limit	0	215
lua-time-limit	1	215
lua-time-limit	2	-1
lua-time-limit	3	-1
lua-time-limit	4	216
lua-time-limit	5	215
lua-time-limit	6	215
lua-time-limit	7	215
lua-time-limit	8	215
lua-time-limit	9	215
lua-time-limit	10	215
lua-time-limit	11	-1
lua-time-limit	12	215
lua-time-limit	13	215
lua-time-limit	14	215
lua-time-limit	15	215
lua-time-limit	16	215
lua-time-limit	17	215
lua-time-limit	18	-1
masterauth	0	-1
masterauth	1	-1
masterauth	2	-1
masterauth	3	-1
masterauth	4	-1
masterauth	5	-1
masterauth	6	-1
masterauth	7	-1
masterauth	8	-1
masterauth	9	-1
masterauth	10	-1
masterauth	11	-1
masterauth	12	-1
masterauth	13	-1
masterauth	14	-1
masterauth	15	-1
masterauth	16	-1
masterauth	17	-1
masterauth	18	-1
masteruser	0	-1
masteruser	1	-1
masteruser	2	-1
masteruser	3	-1
masteruser	4	-1
masteruser	5	-1
masteruser	6	-1
masteruser	7	-1
masteruser	8	-1
masteruser	9	-1
masteruser	10	-1
masteruser	11	-1
masteruser	12	-1
masteruser	13	-1
masteruser	14	-1
masteruser	15	-1
masteruser	16	-1
masteruser	17	-1
masteruser	18	-1
maxclients	0	215
maxclients	1	215
maxclients	2	240
maxclients	3	-1
maxclients	4	240
maxclients	5	215
maxclients	6	215
maxclients	7	215
maxclients	8	215
maxclients	9	215
maxclients	10	215
maxclients	11	-1
maxclients	12	215
maxclients	13	215
maxclients	14	215
maxclients	15	215
maxclients	16	215
maxclients	17	215
maxclients	18	-1
maxmemory	0	218
maxmemory	1	218
maxmemory	2	-1
maxmemory	3	-1
maxmemory	4	218
maxmemory	5	-1
maxmemory	6	-1
maxmemory	7	-1
maxmemory	8	-1
maxmemory	9	218
maxmemory	10	218
maxmemory	11	-1
maxmemory	12	218
maxmemory	13	218
maxmemory	14	218
maxmemory	15	218
maxmemory	16	218
maxmemory	17	-1
maxmemory	18	-1
maxmemory-clients	0	241
maxmemory-clients	1	241
maxmemory-clients	2	-1
maxmemory-clients	3	-1
maxmemory-clients	4	241
maxmemory-clients	5	-1
maxmemory-clients	6	-1
maxmemory-clients	7	-1
maxmemory-clients	8	-1
maxmemory-clients	9	241
maxmemory-clients	10	-1
maxmemory-clients	11	-1
maxmemory-clients	12	241
maxmemory-clients	13	241
maxmemory-clients	14	241
maxmemory-clients	15	241
maxmemory-clients	16	241
maxmemory-clients	17	-1
maxmemory-clients	18	-1
maxmemory-eviction-tenacity	0	215
maxmemory-eviction-tenacity	1	215
maxmemory-eviction-tenacity	2	-1
maxmemory-eviction-tenacity	3	-1
maxmemory-eviction-tenacity	4	242
maxmemory-eviction-tenacity	5	215
maxmemory-eviction-tenacity	6	215
maxmemory-eviction-tenacity	7	215
maxmemory-eviction-tenacity	8	215
maxmemory-eviction-tenacity	9	215
maxmemory-eviction-tenacity	10	215
maxmemory-eviction-tenacity	11	242
maxmemory-eviction-tenacity	12	215
maxmemory-eviction-tenacity	13	215
maxmemory-eviction-tenacity	14	215
maxmemory-eviction-tenacity	15	215
maxmemory-eviction-tenacity	16	215
maxmemory-eviction-tenacity	17	215
maxmemory-eviction-tenacity	18	-1
maxmemory-policy	0	243
maxmemory-policy	1	243
maxmemory-policy	2	243
maxmemory-policy	3	243
maxmemory-policy	4	243
maxmemory-policy	5	243
maxmemory-policy	6	243
maxmemory-policy	7	243
maxmemory-policy	8	243
maxmemory-policy	9	243
maxmemory-policy	10	243
maxmemory-policy	11	243
maxmemory-policy	12	243
maxmemory-policy	13	243
maxmemory-policy	14	243
maxmemory-policy	15	243
maxmemory-policy	16	243
maxmemory-policy	17	243
maxmemory-policy	18	243
maxmemory-samples	0	215
maxmemory-samples	1	215
maxmemory-samples	2	233
maxmemory-samples	3	-1
maxmemory-samples	4	233
maxmemory-samples	5	215
maxmemory-samples	6	215
maxmemory-samples	7	215
maxmemory-samples	8	215
maxmemory-samples	9	215
maxmemory-samples	10	215
maxmemory-samples	11	-1
maxmemory-samples	12	215
maxmemory-samples	13	215
maxmemory-samples	14	215
maxmemory-samples	15	215
maxmemory-samples	16	215
maxmemory-samples	17	215
maxmemory-samples	18	-1
min-replicas-max-lag	0	215
min-replicas-max-lag	1	215
min-replicas-max-lag	2	-1
min-replicas-max-lag	3	-1
min-replicas-max-lag	4	227
min-replicas-max-lag	5	215
min-replicas-max-lag	6	215
min-replicas-max-lag	7	215
min-replicas-max-lag	8	215
min-replicas-max-lag	9	215
min-replicas-max-lag	10	215
min-replicas-max-lag	11	-1
min-replicas-max-lag	12	215
min-replicas-max-lag	13	215
min-replicas-max-lag	14	215
min-replicas-max-lag	15	215
min-replicas-max-lag	16	215
min-replicas-max-lag	17	215
min-replicas-max-lag	18	-1
min-replicas-to-write	0	215
min-replicas-to-write	1	215
min-replicas-to-write	2	-1
min-replicas-to-write	3	-1
min-replicas-to-write	4	227
min-replicas-to-write	5	215
min-replicas-to-write	6	215
min-replicas-to-write	7	215
min-replicas-to-write	8	215
min-replicas-to-write	9	215
min-replicas-to-write	10	215
min-replicas-to-write	11	-1
min-replicas-to-write	12	215
min-replicas-to-write	13	215
min-replicas-to-write	14	215
min-replicas-to-write	15	215
min-replicas-to-write	16	215
min-replicas-to-write	17	215
min-replicas-to-write	18	-1
min-slaves-max-lag	0	215
min-slaves-max-lag	1	215
min-slaves-max-lag	2	-1
min-slaves-max-lag	3	-1
min-slaves-max-lag	4	227
min-slaves-max-lag	5	215
min-slaves-max-lag	6	215
min-slaves-max-lag	7	215
min-slaves-max-lag	8	215
min-slaves-max-lag	9	215
min-slaves-max-lag	10	215
min-slaves-max-lag	11	-1
min-slaves-max-lag	12	215
min-slaves-max-lag	13	215
min-slaves-max-lag	14	215
min-slaves-max-lag	15	215
min-slaves-max-lag	16	215
min-slaves-max-lag	17	215
min-slaves-max-lag	18	-1
min-slaves-to-write	0	215
min-slaves-to-write	1	215
min-slaves-to-write	2	-1
min-slaves-to-write	3	-1
min-slaves-to-write	4	227
min-slaves-to-write	5	215
min-slaves-to-write	6	215
min-slaves-to-write	7	215
min-slaves-to-write	8	215
min-slaves-to-write	9	215
min-slaves-to-write	10	215
min-slaves-to-write	11	-1
min-slaves-to-write	12	215
min-slaves-to-write	13	215
min-slaves-to-write	14	215
min-slaves-to-write	15	215
min-slaves-to-write	16	215
min-slaves-to-write	17	215
min-slaves-to-write	18	-1
no-appendfsync-on-rewrite	0	-1
no-appendfsync-on-rewrite	1	-1
no-appendfsync-on-rewrite	2	223
no-appendfsync-on-rewrite	3	223
no-appendfsync-on-rewrite	4	223
no-appendfsync-on-rewrite	5	223
no-appendfsync-on-rewrite	6	223
no-appendfsync-on-rewrite	7	223
no-appendfsync-on-rewrite	8	223
no-appendfsync-on-rewrite	9	223
no-appendfsync-on-rewrite	10	223
no-appendfsync-on-rewrite	11	223
no-appendfsync-on-rewrite	12	223
no-appendfsync-on-rewrite	13	223
no-appendfsync-on-rewrite	14	223
no-appendfsync-on-rewrite	15	223
no-appendfsync-on-rewrite	16	223
no-appendfsync-on-rewrite	17	223
no-appendfsync-on-rewrite	18	223
notify-keyspace-events	0	244
notify-keyspace-events	1	244
notify-keyspace-events	2	244
notify-keyspace-events	3	244
notify-keyspace-events	4	244
notify-keyspace-events	5	244
notify-keyspace-events	6	244
notify-keyspace-events	7	244
notify-keyspace-events	8	-1
notify-keyspace-events	9	244
notify-keyspace-events	10	244
notify-keyspace-events	11	244
notify-keyspace-events	12	244
notify-keyspace-events	13	244
notify-keyspace-events	14	244
notify-keyspace-events	15	-1
notify-keyspace-events	16	244
notify-keyspace-events	17	244
notify-keyspace-events	18	244
oom-score-adj	0	-1
oom-score-adj	1	-1
oom-score-adj	2	245
oom-score-adj	3	245
oom-score-adj	4	245
oom-score-adj	5	245
oom-score-adj	6	245
oom-score-adj	7	245
oom-score-adj	8	245
oom-score-adj	9	245
oom-score-adj	10	245
oom-score-adj	11	245
oom-score-adj	12	245
oom-score-adj	13	245
oom-score-adj	14	245
oom-score-adj	15	245
oom-score-adj	16	245
oom-score-adj	17	245
oom-score-adj	18	245
oom-score-adj-values	0	246
oom-score-adj-values	1	246
oom-score-adj-values	2	246
oom-score-adj-values	3	246
oom-score-adj-values	4	246
oom-score-adj-values	5	246
oom-score-adj-values	6	246
oom-score-adj-values	7	246
oom-score-adj-values	8	246
oom-score-adj-values	9	246
oom-score-adj-values	10	246
oom-score-adj-values	11	246
oom-score-adj-values	12	-1
oom-score-adj-values	13	246
oom-score-adj-values	14	246
oom-score-adj-values	15	246
oom-score-adj-values	16	246
oom-score-adj-values	17	246
oom-score-adj-values	18	246
pidfile	0	-1
pidfile	1	-1
pidfile	2	-1
pidfile	3	-1
pidfile	4	-1
pidfile	5	-1
pidfile	6	-1
pidfile	7	-1
pidfile	8	-1
pidfile	9	-1
pidfile	10	-1
pidfile	11	-1
pidfile	12	-1
pidfile	13	-1
pidfile	14	-1
pidfile	15	-1
pidfile	16	-1
pidfile	17	-1
pidfile	18	-1
proc-title-template	0	-1
proc-title-template	1	-1
proc-title-template	2	-1
proc-title-template	3	-1
proc-title-template	4	-1
proc-title-template	5	-1
proc-title-template	6	-1
proc-title-template	7	-1
proc-title-template	8	247
proc-title-template	9	-1
proc-title-template	10	-1
proc-title-template	11	-1
proc-title-template	12	-1
proc-title-template	13	-1
proc-title-template	14	-1
proc-title-template	15	-1
proc-title-template	16	-1
proc-title-template	17	-1
proc-title-template	18	-1
propagation-error-behavior	0	248
propagation-error-behavior	1	248
propagation-error-behavior	2	248
propagation-error-behavior	3	248
propagation-error-behavior	4	248
propagation-error-behavior	5	248
propagation-error-behavior	6	248
propagation-error-behavior	7	248
propagation-error-behavior	8	248
propagation-error-behavior	9	248
propagation-error-behavior	10	248
propagation-error-behavior	11	248
propagation-error-behavior	12	248
propagation-error-behavior	13	248
propagation-error-behavior	14	248
propagation-error-behavior	15	248
propagation-error-behavior	16	248
propagation-error-behavior	17	248
propagation-error-behavior	18	248
protected-mode	0	-1
protected-mode	1	-1
protected-mode	2	223
protected-mode	3	223
protected-mode	4	223
protected-mode	5	223
protected-mode	6	223
protected-mode	7	223
protected-mode	8	223
protected-mode	9	223
protected-mode	10	223
protected-mode	11	223
protected-mode	12	223
protected-mode	13	223
protected-mode	14	223
protected-mode	15	223
protected-mode	16	223
protected-mode	17	223
protected-mode	18	223
proto-max-bulk-len	0	218
proto-max-bulk-len	1	218
proto-max-bulk-len	2	229
proto-max-bulk-len	3	229
proto-max-bulk-len	4	218
proto-max-bulk-len	5	229
proto-max-bulk-len	6	229
proto-max-bulk-len	7	229
proto-max-bulk-len	8	229
proto-max-bulk-len	9	218
proto-max-bulk-len	10	218
proto-max-bulk-len	11	229
proto-max-bulk-len	12	218
proto-max-bulk-len	13	218
proto-max-bulk-len	14	218
proto-max-bulk-len	15	218
proto-max-bulk-len	16	218
proto-max-bulk-len	17	-1
proto-max-bulk-len	18	229
rdb-del-sync-files	0	-1
rdb-del-sync-files	1	-1
rdb-del-sync-files	2	223
rdb-del-sync-files	3	223
rdb-del-sync-files	4	223
rdb-del-sync-files	5	223
rdb-del-sync-files	6	223
rdb-del-sync-files	7	223
rdb-del-sync-files	8	223
rdb-del-sync-files	9	223
rdb-del-sync-files	10	223
rdb-del-sync-files	11	223
rdb-del-sync-files	12	223
rdb-del-sync-files	13	223
rdb-del-sync-files	14	223
rdb-del-sync-files	15	223
rdb-del-sync-files	16	223
rdb-del-sync-files	17	223
rdb-del-sync-files	18	223
rdb-save-incremental-fsync	0	-1
rdb-save-incremental-fsync	1	-1
rdb-save-incremental-fsync	2	223
rdb-save-incremental-fsync	3	223
rdb-save-incremental-fsync	4	223
rdb-save-incremental-fsync	5	223
rdb-save-incremental-fsync	6	223
rdb-save-incremental-fsync	7	223
rdb-save-incremental-fsync	8	223
rdb-save-incremental-fsync	9	223
rdb-save-incremental-fsync	10	223
rdb-save-incremental-fsync	11	223
rdb-save-incremental-fsync	12	223
rdb-save-incremental-fsync	13	223
rdb-save-incremental-fsync	14	223
rdb-save-incremental-fsync	15	223
rdb-save-incremental-fsync	16	223
rdb-save-incremental-fsync	17	223
rdb-save-incremental-fsync	18	223
rdbchecksum	0	-1
rdbchecksum	1	-1
rdbchecksum	2	223
rdbchecksum	3	223
rdbchecksum	4	223
rdbchecksum	5	223
rdbchecksum	6	223
rdbchecksum	7	223
rdbchecksum	8	223
rdbchecksum	9	223
rdbchecksum	10	223
rdbchecksum	11	223
rdbchecksum	12	223
rdbchecksum	13	223
rdbchecksum	14	223
rdbchecksum	15	223
rdbchecksum	16	223
rdbchecksum	17	223
rdbchecksum	18	223
rdbcompression	0	-1
rdbcompression	1	-1
rdbcompression	2	223
rdbcompression	3	223
rdbcompression	4	223
rdbcompression	5	223
rdbcompression	6	223
rdbcompression	7	223
rdbcompression	8	223
rdbcompression	9	223
rdbcompression	10	223
rdbcompression	11	223
rdbcompression	12	223
rdbcompression	13	223
rdbcompression	14	223
rdbcompression	15	223
rdbcompression	16	223
rdbcompression	17	223
rdbcompression	18	223
repl-backlog-size	0	218
repl-backlog-size	1	218
repl-backlog-size	2	219
repl-backlog-size	3	-1
repl-backlog-size	4	218
repl-backlog-size	5	-1
repl-backlog-size	6	-1
repl-backlog-size	7	-1
repl-backlog-size	8	219
repl-backlog-size	9	218
repl-backlog-size	10	218
repl-backlog-size	11	-1
repl-backlog-size	12	218
repl-backlog-size	13	218
repl-backlog-size	14	218
repl-backlog-size	15	218
repl-backlog-size	16	218
repl-backlog-size	17	-1
repl-backlog-size	18	-1
repl-backlog-ttl	0	215
repl-backlog-ttl	1	215
repl-backlog-ttl	2	-1
repl-backlog-ttl	3	-1
repl-backlog-ttl	4	216
repl-backlog-ttl	5	215
repl-backlog-ttl	6	215
repl-backlog-ttl	7	215
repl-backlog-ttl	8	215
repl-backlog-ttl	9	215
repl-backlog-ttl	10	215
repl-backlog-ttl	11	-1
repl-backlog-ttl	12	215
repl-backlog-ttl	13	215
repl-backlog-ttl	14	215
repl-backlog-ttl	15	215
repl-backlog-ttl	16	215
repl-backlog-ttl	17	215
repl-backlog-ttl	18	-1
repl-disable-tcp-nodelay	0	-1
repl-disable-tcp-nodelay	1	-1
repl-disable-tcp-nodelay	2	223
repl-disable-tcp-nodelay	3	223
repl-disable-tcp-nodelay	4	223
repl-disable-tcp-nodelay	5	223
repl-disable-tcp-nodelay	6	223
repl-disable-tcp-nodelay	7	223
repl-disable-tcp-nodelay	8	223
repl-disable-tcp-nodelay	9	223
repl-disable-tcp-nodelay	10	223
repl-disable-tcp-nodelay	11	223
repl-disable-tcp-nodelay	12	223
repl-disable-tcp-nodelay	13	223
repl-disable-tcp-nodelay	14	223
repl-disable-tcp-nodelay	15	223
repl-disable-tcp-nodelay	16	223
repl-disable-tcp-nodelay	17	223
repl-disable-tcp-nodelay	18	223
repl-diskless-load	0	249
repl-diskless-load	1	249
repl-diskless-load	2	249
repl-diskless-load	3	249
repl-diskless-load	4	249
repl-diskless-load	5	249
repl-diskless-load	6	249
repl-diskless-load	7	249
repl-diskless-load	8	249
repl-diskless-load	9	249
repl-diskless-load	10	249
repl-diskless-load	11	249
repl-diskless-load	12	249
repl-diskless-load	13	249
repl-diskless-load	14	249
repl-diskless-load	15	249
repl-diskless-load	16	249
repl-diskless-load	17	249
repl-diskless-load	18	249
repl-diskless-sync	0	-1
repl-diskless-sync	1	-1
repl-diskless-sync	2	223
repl-diskless-sync	3	223
repl-diskless-sync	4	223
repl-diskless-sync	5	223
repl-diskless-sync	6	223
repl-diskless-sync	7	223
repl-diskless-sync	8	223
repl-diskless-sync	9	223
repl-diskless-sync	10	223
repl-diskless-sync	11	223
repl-diskless-sync	12	223
repl-diskless-sync	13	223
repl-diskless-sync	14	223
repl-diskless-sync	15	223
repl-diskless-sync	16	223
repl-diskless-sync	17	223
repl-diskless-sync	18	223
repl-diskless-sync-delay	0	215
repl-diskless-sync-delay	1	215
repl-diskless-sync-delay	2	-1
repl-diskless-sync-delay	3	-1
repl-diskless-sync-delay	4	227
repl-diskless-sync-delay	5	215
repl-diskless-sync-delay	6	215
repl-diskless-sync-delay	7	215
repl-diskless-sync-delay	8	215
repl-diskless-sync-delay	9	215
repl-diskless-sync-delay	10	215
repl-diskless-sync-delay	11	-1
repl-diskless-sync-delay	12	215
repl-diskless-sync-delay	13	215
repl-diskless-sync-delay	14	215
repl-diskless-sync-delay	15	215
repl-diskless-sync-delay	16	215
repl-diskless-sync-delay	17	215
repl-diskless-sync-delay	18	-1
repl-diskless-sync-max-replicas	0	215
repl-diskless-sync-max-replicas	1	215
repl-diskless-sync-max-replicas	2	-1
repl-diskless-sync-max-replicas	3	-1
repl-diskless-sync-max-replicas	4	227
repl-diskless-sync-max-replicas	5	215
repl-diskless-sync-max-replicas	6	215
repl-diskless-sync-max-replicas	7	215
repl-diskless-sync-max-replicas	8	215
repl-diskless-sync-max-replicas	9	215
repl-diskless-sync-max-replicas	10	215
repl-diskless-sync-max-replicas	11	-1
repl-diskless-sync-max-replicas	12	215
repl-diskless-sync-max-replicas	13	215
repl-diskless-sync-max-replicas	14	215
repl-diskless-sync-max-replicas	15	215
repl-diskless-sync-max-replicas	16	215
repl-diskless-sync-max-replicas	17	215
repl-diskless-sync-max-replicas	18	-1
repl-ping-replica-period	0	215
repl-ping-replica-period	1	215
repl-ping-replica-period	2	233
repl-ping-replica-period	3	-1
repl-ping-replica-period	4	233
repl-ping-replica-period	5	215
repl-ping-replica-period	6	215
repl-ping-replica-period	7	215
repl-ping-replica-period	8	215
repl-ping-replica-period	9	215
repl-ping-replica-period	10	215
repl-ping-replica-period	11	-1
repl-ping-replica-period	12	215
repl-ping-replica-period	13	215
repl-ping-replica-period	14	215
repl-ping-replica-period	15	215
repl-ping-replica-period	16	215
repl-ping-replica-period	17	215
repl-ping-replica-period	18	-1
repl-ping-slave-period	0	215
repl-ping-slave-period	1	215
repl-ping-slave-period	2	233
repl-ping-slave-period	3	-1
repl-ping-slave-period	4	233
repl-ping-slave-period	5	215
repl-ping-slave-period	6	215
repl-ping-slave-period	7	215
repl-ping-slave-period	8	215
repl-ping-slave-period	9	215
repl-ping-slave-period	10	215
repl-ping-slave-period	11	-1
repl-ping-slave-period	12	215
repl-ping-slave-period	13	215
repl-ping-slave-period	14	215
repl-ping-slave-period	15	215
repl-ping-slave-period	16	215
repl-ping-slave-period	17	215
repl-ping-slave-period	18	-1
repl-timeout	0	215
repl-timeout	1	215
repl-timeout	2	233
repl-timeout	3	-1
repl-timeout	4	233
repl-timeout	5	215
repl-timeout	6	215
repl-timeout	7	215
repl-timeout	8	215
repl-timeout	9	215
repl-timeout	10	215
repl-timeout	11	-1
repl-timeout	12	215
repl-timeout	13	215
repl-timeout	14	215
repl-timeout	15	215
repl-timeout	16	215
repl-timeout	17	215
repl-timeout	18	-1
replica-announce-ip	0	-1
replica-announce-ip	1	-1
replica-announce-ip	2	-1
replica-announce-ip	3	-1
replica-announce-ip	4	-1
replica-announce-ip	5	-1
replica-announce-ip	6	-1
replica-announce-ip	7	-1
replica-announce-ip	8	-1
replica-announce-ip	9	-1
replica-announce-ip	10	-1
replica-announce-ip	11	-1
replica-announce-ip	12	-1
replica-announce-ip	13	-1
replica-announce-ip	14	-1
replica-announce-ip	15	-1
replica-announce-ip	16	-1
replica-announce-ip	17	-1
replica-announce-ip	18	-1
replica-announce-port	0	215
replica-announce-port	1	215
replica-announce-port	2	-1
replica-announce-port	3	-1
replica-announce-port	4	230
replica-announce-port	5	215
replica-announce-port	6	215
replica-announce-port	7	215
replica-announce-port	8	215
replica-announce-port	9	215
replica-announce-port	10	215
replica-announce-port	11	-1
replica-announce-port	12	215
replica-announce-port	13	215
replica-announce-port	14	215
replica-announce-port	15	215
replica-announce-port	16	215
replica-announce-port	17	215
replica-announce-port	18	-1
replica-announced	0	-1
replica-announced	1	-1
replica-announced	2	223
replica-announced	3	223
replica-announced	4	223
replica-announced	5	223
replica-announced	6	223
replica-announced	7	223
replica-announced	8	223
replica-announced	9	223
replica-announced	10	223
replica-announced	11	223
replica-announced	12	223
replica-announced	13	223
replica-announced	14	223
replica-announced	15	223
replica-announced	16	223
replica-announced	17	223
replica-announced	18	223
replica-ignore-disk-write-errors	0	-1
replica-ignore-disk-write-errors	1	-1
replica-ignore-disk-write-errors	2	223
replica-ignore-disk-write-errors	3	223
replica-ignore-disk-write-errors	4	223
replica-ignore-disk-write-errors	5	223
replica-ignore-disk-write-errors	6	223
replica-ignore-disk-write-errors	7	223
replica-ignore-disk-write-errors	8	223
replica-ignore-disk-write-errors	9	223
replica-ignore-disk-write-errors	10	223
replica-ignore-disk-write-errors	11	223
replica-ignore-disk-write-errors	12	223
replica-ignore-disk-write-errors	13	223
replica-ignore-disk-write-errors	14	223
replica-ignore-disk-write-errors	15	223
replica-ignore-disk-write-errors	16	223
replica-ignore-disk-write-errors	17	223
replica-ignore-disk-write-errors	18	223
replica-ignore-maxmemory	0	-1
replica-ignore-maxmemory	1	-1
replica-ignore-maxmemory	2	223
replica-ignore-maxmemory	3	223
replica-ignore-maxmemory	4	223
replica-ignore-maxmemory	5	223
replica-ignore-maxmemory	6	223
replica-ignore-maxmemory	7	223
replica-ignore-maxmemory	8	223
replica-ignore-maxmemory	9	223
replica-ignore-maxmemory	10	223
replica-ignore-maxmemory	11	223
replica-ignore-maxmemory	12	223
replica-ignore-maxmemory	13	223
replica-ignore-maxmemory	14	223
replica-ignore-maxmemory	15	223
replica-ignore-maxmemory	16	223
replica-ignore-maxmemory	17	223
replica-ignore-maxmemory	18	223
replica-lazy-flush	0	-1
replica-lazy-flush	1	-1
replica-lazy-flush	2	223
replica-lazy-flush	3	223
replica-lazy-flush	4	223
replica-lazy-flush	5	223
replica-lazy-flush	6	223
replica-lazy-flush	7	223
replica-lazy-flush	8	223
replica-lazy-flush	9	223
replica-lazy-flush	10	223
replica-lazy-flush	11	223
replica-lazy-flush	12	223
replica-lazy-flush	13	223
replica-lazy-flush	14	223
replica-lazy-flush	15	223
replica-lazy-flush	16	223
replica-lazy-flush	17	223
replica-lazy-flush	18	223
replica-priority	0	215
replica-priority	1	215
replica-priority	2	-1
replica-priority	3	-1
replica-priority	4	227
replica-priority	5	215
replica-priority	6	215
replica-priority	7	215
replica-priority	8	215
replica-priority	9	215
replica-priority	10	215
replica-priority	11	-1
replica-priority	12	215
replica-priority	13	215
replica-priority	14	215
replica-priority	15	215
replica-priority	16	215
replica-priority	17	215
replica-priority	18	-1
replica-read-only	0	-1
replica-read-only	1	-1
replica-read-only	2	223
replica-read-only	3	223
replica-read-only	4	223
replica-read-only	5	223
replica-read-only	6	223
replica-read-only	7	223
replica-read-only	8	223
replica-read-only	9	223
replica-read-only	10	223
replica-read-only	11	223
replica-read-only	12	223
replica-read-only	13	223
replica-read-only	14	223
replica-read-only	15	223
replica-read-only	16	223
replica-read-only	17	223
replica-read-only	18	223
replica-serve-stale-data	0	-1
replica-serve-stale-data	1	-1
replica-serve-stale-data	2	223
replica-serve-stale-data	3	223
replica-serve-stale-data	4	223
replica-serve-stale-data	5	223
replica-serve-stale-data	6	223
replica-serve-stale-data	7	223
replica-serve-stale-data	8	223
replica-serve-stale-data	9	223
replica-serve-stale-data	10	223
replica-serve-stale-data	11	223
replica-serve-stale-data	12	223
replica-serve-stale-data	13	223
replica-serve-stale-data	14	223
replica-serve-stale-data	15	223
replica-serve-stale-data	16	223
replica-serve-stale-data	17	223
replica-serve-stale-data	18	223
replicaof	0	246
replicaof	1	246
replicaof	2	246
replicaof	3	246
replicaof	4	246
replicaof	5	246
replicaof	6	246
replicaof	7	246
replicaof	8	246
replicaof	9	250
replicaof	10	246
replicaof	11	246
replicaof	12	246
replicaof	13	246
replicaof	14	246
replicaof	15	246
replicaof	16	246
replicaof	17	246
replicaof	18	246
requirepass	0	-1
requirepass	1	-1
requirepass	2	-1
requirepass	3	-1
requirepass	4	-1
requirepass	5	-1
requirepass	6	-1
requirepass	7	-1
requirepass	8	-1
requirepass	9	-1
requirepass	10	-1
requirepass	11	-1
requirepass	12	-1
requirepass	13	-1
requirepass	14	-1
requirepass	15	-1
requirepass	16	-1
requirepass	17	-1
requirepass	18	-1
sanitize-dump-payload	0	-1
sanitize-dump-payload	1	-1
sanitize-dump-payload	2	251
sanitize-dump-payload	3	251
sanitize-dump-payload	4	251
sanitize-dump-payload	5	251
sanitize-dump-payload	6	251
sanitize-dump-payload	7	251
sanitize-dump-payload	8	251
sanitize-dump-payload	9	251
sanitize-dump-payload	10	251
sanitize-dump-payload	11	251
sanitize-dump-payload	12	251
sanitize-dump-payload	13	251
sanitize-dump-payload	14	251
sanitize-dump-payload	15	251
sanitize-dump-payload	16	251
sanitize-dump-payload	17	251
sanitize-dump-payload	18	251
save	0	252
save	1	252
save	2	252
save	3	252
save	4	252
save	5	252
save	6	252
save	7	252
save	8	-1
save	9	252
save	10	252
save	11	252
save	12	252
save	13	252
save	14	252
save	15	252
save	16	252
save	17	252
save	18	252
server_cpulist	0	-1
server_cpulist	1	-1
server_cpulist	2	-1
server_cpulist	3	-1
server_cpulist	4	-1
server_cpulist	5	-1
server_cpulist	6	-1
server_cpulist	7	-1
server_cpulist	8	-1
server_cpulist	9	-1
server_cpulist	10	-1
server_cpulist	11	-1
server_cpulist	12	-1
server_cpulist	13	-1
server_cpulist	14	-1
server_cpulist	15	-1
server_cpulist	16	-1
server_cpulist	17	-1
server_cpulist	18	-1
set-max-intset-entries	0	215
set-max-intset-entries	1	215
set-max-intset-entries	2	-1
set-max-intset-entries	3	-1
set-max-intset-entries	4	216
set-max-intset-entries	5	215
set-max-intset-entries	6	215
set-max-intset-entries	7	215
set-max-intset-entries	8	215
set-max-intset-entries	9	215
set-max-intset-entries	10	215
set-max-intset-entries	11	-1
set-max-intset-entries	12	215
set-max-intset-entries	13	215
set-max-intset-entries	14	215
set-max-intset-entries	15	215
set-max-intset-entries	16	215
set-max-intset-entries	17	215
set-max-intset-entries	18	-1
set-proc-title	0	-1
set-proc-title	1	-1
set-proc-title	2	223
set-proc-title	3	223
set-proc-title	4	223
set-proc-title	5	223
set-proc-title	6	223
set-proc-title	7	223
set-proc-title	8	223
set-proc-title	9	223
set-proc-title	10	223
set-proc-title	11	223
set-proc-title	12	223
set-proc-title	13	223
set-proc-title	14	223
set-proc-title	15	223
set-proc-title	16	223
set-proc-title	17	223
set-proc-title	18	223
shutdown-on-sigint	0	253
shutdown-on-sigint	1	253
shutdown-on-sigint	2	253
shutdown-on-sigint	3	253
shutdown-on-sigint	4	253
shutdown-on-sigint	5	253
shutdown-on-sigint	6	253
shutdown-on-sigint	7	253
shutdown-on-sigint	8	253
shutdown-on-sigint	9	253
shutdown-on-sigint	10	253
shutdown-on-sigint	11	253
shutdown-on-sigint	12	253
shutdown-on-sigint	13	253
shutdown-on-sigint	14	-1
shutdown-on-sigint	15	253
shutdown-on-sigint	16	253
shutdown-on-sigint	17	253
shutdown-on-sigint	18	253
shutdown-on-sigterm	0	253
shutdown-on-sigterm	1	253
shutdown-on-sigterm	2	253
shutdown-on-sigterm	3	253
shutdown-on-sigterm	4	253
shutdown-on-sigterm	5	253
shutdown-on-sigterm	6	253
shutdown-on-sigterm	7	253
shutdown-on-sigterm	8	253
shutdown-on-sigterm	9	253
shutdown-on-sigterm	10	253
shutdown-on-sigterm	11	253
shutdown-on-sigterm	12	253
shutdown-on-sigterm	13	253
shutdown-on-sigterm	14	-1
shutdown-on-sigterm	15	253
shutdown-on-sigterm	16	253
shutdown-on-sigterm	17	253
shutdown-on-sigterm	18	253
shutdown-timeout	0	215
shutdown-timeout	1	215
shutdown-timeout	2	-1
shutdown-timeout	3	-1
shutdown-timeout	4	227
shutdown-timeout	5	215
shutdown-timeout	6	215
shutdown-timeout	7	215
shutdown-timeout	8	215
shutdown-timeout	9	215
shutdown-timeout	10	215
shutdown-timeout	11	-1
shutdown-timeout	12	215
shutdown-timeout	13	215
shutdown-timeout	14	215
shutdown-timeout	15	215
shutdown-timeout	16	215
shutdown-timeout	17	215
shutdown-timeout	18	-1
slave-announce-ip	0	-1
slave-announce-ip	1	-1
slave-announce-ip	2	-1
slave-announce-ip	3	-1
slave-announce-ip	4	-1
slave-announce-ip	5	-1
slave-announce-ip	6	-1
slave-announce-ip	7	-1
slave-announce-ip	8	-1
slave-announce-ip	9	-1
slave-announce-ip	10	-1
slave-announce-ip	11	-1
slave-announce-ip	12	-1
slave-announce-ip	13	-1
slave-announce-ip	14	-1
slave-announce-ip	15	-1
slave-announce-ip	16	-1
slave-announce-ip	17	-1
slave-announce-ip	18	-1
slave-announce-port	0	215
slave-announce-port	1	215
slave-announce-port	2	-1
slave-announce-port	3	-1
slave-announce-port	4	230
slave-announce-port	5	215
slave-announce-port	6	215
slave-announce-port	7	215
slave-announce-port	8	215
slave-announce-port	9	215
slave-announce-port	10	215
slave-announce-port	11	-1
slave-announce-port	12	215
slave-announce-port	13	215
slave-announce-port	14	215
slave-announce-port	15	215
slave-announce-port	16	215
slave-announce-port	17	215
slave-announce-port	18	-1
slave-ignore-maxmemory	0	-1
slave-ignore-maxmemory	1	-1
slave-ignore-maxmemory	2	223
slave-ignore-maxmemory	3	223
slave-ignore-maxmemory	4	223
slave-ignore-maxmemory	5	223
slave-ignore-maxmemory	6	223
slave-ignore-maxmemory	7	223
slave-ignore-maxmemory	8	223
slave-ignore-maxmemory	9	223
slave-ignore-maxmemory	10	223
slave-ignore-maxmemory	11	223
slave-ignore-maxmemory	12	223
slave-ignore-maxmemory	13	223
slave-ignore-maxmemory	14	223
slave-ignore-maxmemory	15	223
slave-ignore-maxmemory	16	223
slave-ignore-maxmemory	17	223
slave-ignore-maxmemory	18	223
slave-lazy-flush	0	-1
slave-lazy-flush	1	-1
slave-lazy-flush	2	223
slave-lazy-flush	3	223
slave-lazy-flush	4	223
slave-lazy-flush	5	223
slave-lazy-flush	6	223
slave-lazy-flush	7	223
slave-lazy-flush	8	223
slave-lazy-flush	9	223
slave-lazy-flush	10	223
slave-lazy-flush	11	223
slave-lazy-flush	12	223
slave-lazy-flush	13	223
slave-lazy-flush	14	223
slave-lazy-flush	15	223
slave-lazy-flush	16	223
slave-lazy-flush	17	223
slave-lazy-flush	18	223
slave-priority	0	215
slave-priority	1	215
slave-priority	2	-1
slave-priority	3	-1
slave-priority	4	227
slave-priority	5	215
slave-priority	6	215
slave-priority	7	215
slave-priority	8	215
slave-priority	9	215
slave-priority	10	215
slave-priority	11	-1
slave-priority	12	215
slave-priority	13	215
slave-priority	14	215
slave-priority	15	215
slave-priority	16	215
slave-priority	17	215
slave-priority	18	-1
slave-read-only	0	-1
slave-read-only	1	-1
slave-read-only	2	223
slave-read-only	3	223
slave-read-only	4	223
slave-read-only	5	223
slave-read-only	6	223
slave-read-only	7	223
slave-read-only	8	223
slave-read-only	9	223
slave-read-only	10	223
slave-read-only	11	223
slave-read-only	12	223
slave-read-only	13	223
slave-read-only	14	223
slave-read-only	15	223
slave-read-only	16	223
slave-read-only	17	223
slave-read-only	18	223
slave-serve-stale-data	0	-1
slave-serve-stale-data	1	-1
slave-serve-stale-data	2	223
slave-serve-stale-data	3	223
slave-serve-stale-data	4	223
slave-serve-stale-data	5	223
slave-serve-stale-data	6	223
slave-serve-stale-data	7	223
slave-serve-stale-data	8	223
slave-serve-stale-data	9	223
slave-serve-stale-data	10	223
slave-serve-stale-data	11	223
slave-serve-stale-data	12	223
slave-serve-stale-data	13	223
slave-serve-stale-data	14	223
slave-serve-stale-data	15	223
slave-serve-stale-data	16	223
slave-serve-stale-data	17	223
slave-serve-stale-data	18	223
slaveof	0	246
slaveof	1	246
slaveof	2	246
slaveof	3	246
slaveof	4	246
slaveof	5	246
slaveof	6	246
slaveof	7	246
slaveof	8	246
slaveof	9	250
slaveof	10	246
slaveof	11	246
slaveof	12	246
slaveof	13	246
slaveof	14	246
slaveof	15	246
slaveof	16	246
slaveof	17	246
slaveof	18	246
slowlog-log-slower-than	0	215
slowlog-log-slower-than	1	215
slowlog-log-slower-than	2	-1
slowlog-log-slower-than	3	-1
slowlog-log-slower-than	4	-1
slowlog-log-slower-than	5	215
slowlog-log-slower-than	6	215
slowlog-log-slower-than	7	215
slowlog-log-slower-than	8	215
slowlog-log-slower-than	9	215
slowlog-log-slower-than	10	215
slowlog-log-slower-than	11	-1
slowlog-log-slower-than	12	215
slowlog-log-slower-than	13	215
slowlog-log-slower-than	14	215
slowlog-log-slower-than	15	215
slowlog-log-slower-than	16	215
slowlog-log-slower-than	17	215
slowlog-log-slower-than	18	-1
slowlog-max-len	0	215
slowlog-max-len	1	215
slowlog-max-len	2	-1
slowlog-max-len	3	-1
slowlog-max-len	4	216
slowlog-max-len	5	215
slowlog-max-len	6	215
slowlog-max-len	7	215
slowlog-max-len	8	215
slowlog-max-len	9	215
slowlog-max-len	10	215
slowlog-max-len	11	-1
slowlog-max-len	12	215
slowlog-max-len	13	215
slowlog-max-len	14	215
slowlog-max-len	15	215
slowlog-max-len	16	215
slowlog-max-len	17	215
slowlog-max-len	18	-1
socket-mark-id	0	215
socket-mark-id	1	215
socket-mark-id	2	-1
socket-mark-id	3	-1
socket-mark-id	4	254
socket-mark-id	5	215
socket-mark-id	6	215
socket-mark-id	7	215
socket-mark-id	8	215
socket-mark-id	9	215
socket-mark-id	10	215
socket-mark-id	11	-1
socket-mark-id	12	215
socket-mark-id	13	215
socket-mark-id	14	215
socket-mark-id	15	215
socket-mark-id	16	215
socket-mark-id	17	215
socket-mark-id	18	-1
stop-writes-on-bgsave-error	0	-1
stop-writes-on-bgsave-error	1	-1
stop-writes-on-bgsave-error	2	223
stop-writes-on-bgsave-error	3	223
stop-writes-on-bgsave-error	4	223
stop-writes-on-bgsave-error	5	223
stop-writes-on-bgsave-error	6	223
stop-writes-on-bgsave-error	7	223
stop-writes-on-bgsave-error	8	223
stop-writes-on-bgsave-error	9	223
stop-writes-on-bgsave-error	10	223
stop-writes-on-bgsave-error	11	223
stop-writes-on-bgsave-error	12	223
stop-writes-on-bgsave-error	13	223
stop-writes-on-bgsave-error	14	223
stop-writes-on-bgsave-error	15	223
stop-writes-on-bgsave-error	16	223
stop-writes-on-bgsave-error	17	223
stop-writes-on-bgsave-error	18	223
stream-node-max-bytes	0	218
stream-node-max-bytes	1	218
stream-node-max-bytes	2	-1
stream-node-max-bytes	3	-1
stream-node-max-bytes	4	218
stream-node-max-bytes	5	-1
stream-node-max-bytes	6	-1
stream-node-max-bytes	7	-1
stream-node-max-bytes	8	-1
stream-node-max-bytes	9	218
stream-node-max-bytes	10	218
stream-node-max-bytes	11	-1
stream-node-max-bytes	12	218
stream-node-max-bytes	13	218
stream-node-max-bytes	14	218
stream-node-max-bytes	15	218
stream-node-max-bytes	16	218
stream-node-max-bytes	17	-1
stream-node-max-bytes	18	-1
stream-node-max-entries	0	215
stream-node-max-entries	1	215
stream-node-max-entries	2	-1
stream-node-max-entries	3	-1
stream-node-max-entries	4	216
stream-node-max-entries	5	215
stream-node-max-entries	6	215
stream-node-max-entries	7	215
stream-node-max-entries	8	215
stream-node-max-entries	9	215
stream-node-max-entries	10	215
stream-node-max-entries	11	-1
stream-node-max-entries	12	215
stream-node-max-entries	13	215
stream-node-max-entries	14	215
stream-node-max-entries	15	215
stream-node-max-entries	16	215
stream-node-max-entries	17	215
stream-node-max-entries	18	-1
supervised	0	255
supervised	1	-1
supervised	2	255
supervised	3	255
supervised	4	255
supervised	5	255
supervised	6	255
supervised	7	255
supervised	8	255
supervised	9	255
supervised	10	255
supervised	11	255
supervised	12	255
supervised	13	255
supervised	14	255
supervised	15	255
supervised	16	255
supervised	17	255
supervised	18	255
syslog-enabled	0	-1
syslog-enabled	1	-1
syslog-enabled	2	223
syslog-enabled	3	223
syslog-enabled	4	223
syslog-enabled	5	223
syslog-enabled	6	223
syslog-enabled	7	223
syslog-enabled	8	223
syslog-enabled	9	223
syslog-enabled	10	223
syslog-enabled	11	223
syslog-enabled	12	223
syslog-enabled	13	223
syslog-enabled	14	223
syslog-enabled	15	223
syslog-enabled	16	223
syslog-enabled	17	223
syslog-enabled	18	223
syslog-facility	0	256
syslog-facility	1	256
syslog-facility	2	256
syslog-facility	3	256
syslog-facility	4	256
syslog-facility	5	256
syslog-facility	6	256
syslog-facility	7	256
syslog-facility	8	256
syslog-facility	9	256
syslog-facility	10	256
syslog-facility	11	256
syslog-facility	12	256
syslog-facility	13	256
syslog-facility	14	256
syslog-facility	15	256
syslog-facility	16	256
syslog-facility	17	256
syslog-facility	18	256
syslog-ident	0	-1
syslog-ident	1	-1
syslog-ident	2	-1
syslog-ident	3	-1
syslog-ident	4	-1
syslog-ident	5	-1
syslog-ident	6	-1
syslog-ident	7	-1
syslog-ident	8	-1
syslog-ident	9	-1
syslog-ident	10	-1
syslog-ident	11	-1
syslog-ident	12	-1
syslog-ident	13	-1
syslog-ident	14	-1
syslog-ident	15	-1
syslog-ident	16	-1
syslog-ident	17	-1
syslog-ident	18	-1
tcp-backlog	0	215
tcp-backlog	1	215
tcp-backlog	2	-1
tcp-backlog	3	-1
tcp-backlog	4	227
tcp-backlog	5	215
tcp-backlog	6	215
tcp-backlog	7	215
tcp-backlog	8	215
tcp-backlog	9	215
tcp-backlog	10	215
tcp-backlog	11	-1
tcp-backlog	12	215
tcp-backlog	13	215
tcp-backlog	14	215
tcp-backlog	15	215
tcp-backlog	16	215
tcp-backlog	17	215
tcp-backlog	18	-1
tcp-keepalive	0	215
tcp-keepalive	1	215
tcp-keepalive	2	-1
tcp-keepalive	3	-1
tcp-keepalive	4	227
tcp-keepalive	5	215
tcp-keepalive	6	215
tcp-keepalive	7	215
tcp-keepalive	8	215
tcp-keepalive	9	215
tcp-keepalive	10	215
tcp-keepalive	11	-1
tcp-keepalive	12	215
tcp-keepalive	13	215
tcp-keepalive	14	215
tcp-keepalive	15	215
tcp-keepalive	16	215
tcp-keepalive	17	215
tcp-keepalive	18	-1
timeout	0	215
timeout	1	215
timeout	2	-1
timeout	3	-1
timeout	4	227
timeout	5	215
timeout	6	215
timeout	7	215
timeout	8	215
timeout	9	215
timeout	10	215
timeout	11	-1
timeout	12	215
timeout	13	215
timeout	14	215
timeout	15	215
timeout	16	215
timeout	17	215
timeout	18	-1
tls-auth-clients	0	-1
tls-auth-clients	1	-1
tls-auth-clients	2	257
tls-auth-clients	3	257
tls-auth-clients	4	257
tls-auth-clients	5	257
tls-auth-clients	6	257
tls-auth-clients	7	257
tls-auth-clients	8	257
tls-auth-clients	9	257
tls-auth-clients	10	257
tls-auth-clients	11	257
tls-auth-clients	12	257
tls-auth-clients	13	257
tls-auth-clients	14	257
tls-auth-clients	15	257
tls-auth-clients	16	257
tls-auth-clients	17	257
tls-auth-clients	18	257
tls-ca-cert-dir	0	-1
tls-ca-cert-dir	1	-1
tls-ca-cert-dir	2	-1
tls-ca-cert-dir	3	-1
tls-ca-cert-dir	4	-1
tls-ca-cert-dir	5	-1
tls-ca-cert-dir	6	-1
tls-ca-cert-dir	7	-1
tls-ca-cert-dir	8	-1
tls-ca-cert-dir	9	-1
tls-ca-cert-dir	10	-1
tls-ca-cert-dir	11	-1
tls-ca-cert-dir	12	-1
tls-ca-cert-dir	13	-1
tls-ca-cert-dir	14	-1
tls-ca-cert-dir	15	-1
tls-ca-cert-dir	16	-1
tls-ca-cert-dir	17	-1
tls-ca-cert-dir	18	-1
tls-ca-cert-file	0	-1
tls-ca-cert-file	1	-1
tls-ca-cert-file	2	-1
tls-ca-cert-file	3	-1
tls-ca-cert-file	4	-1
tls-ca-cert-file	5	-1
tls-ca-cert-file	6	-1
tls-ca-cert-file	7	-1
tls-ca-cert-file	8	-1
tls-ca-cert-file	9	-1
tls-ca-cert-file	10	-1
tls-ca-cert-file	11	-1
tls-ca-cert-file	12	-1
tls-ca-cert-file	13	-1
tls-ca-cert-file	14	-1
tls-ca-cert-file	15	-1
tls-ca-cert-file	16	-1
tls-ca-cert-file	17	-1
tls-ca-cert-file	18	-1
tls-cert-file	0	-1
tls-cert-file	1	-1
tls-cert-file	2	-1
tls-cert-file	3	-1
tls-cert-file	4	-1
tls-cert-file	5	-1
tls-cert-file	6	-1
tls-cert-file	7	-1
tls-cert-file	8	-1
tls-cert-file	9	-1
tls-cert-file	10	-1
tls-cert-file	11	-1
tls-cert-file	12	-1
tls-cert-file	13	-1
tls-cert-file	14	-1
tls-cert-file	15	-1
tls-cert-file	16	-1
tls-cert-file	17	-1
tls-cert-file	18	-1
tls-ciphers	0	-1
tls-ciphers	1	-1
tls-ciphers	2	-1
tls-ciphers	3	-1
tls-ciphers	4	-1
tls-ciphers	5	-1
tls-ciphers	6	-1
tls-ciphers	7	-1
tls-ciphers	8	-1
tls-ciphers	9	-1
tls-ciphers	10	-1
tls-ciphers	11	-1
tls-ciphers	12	-1
tls-ciphers	13	-1
tls-ciphers	14	-1
tls-ciphers	15	-1
tls-ciphers	16	-1
tls-ciphers	17	-1
tls-ciphers	18	-1
tls-ciphersuites	0	-1
tls-ciphersuites	1	-1
tls-ciphersuites	2	-1
tls-ciphersuites	3	-1
tls-ciphersuites	4	-1
tls-ciphersuites	5	-1
tls-ciphersuites	6	-1
tls-ciphersuites	7	-1
tls-ciphersuites	8	-1
tls-ciphersuites	9	-1
tls-ciphersuites	10	-1
tls-ciphersuites	11	-1
tls-ciphersuites	12	-1
tls-ciphersuites	13	-1
tls-ciphersuites	14	-1
tls-ciphersuites	15	-1
tls-ciphersuites	16	-1
tls-ciphersuites	17	-1
tls-ciphersuites	18	-1
tls-client-cert-file	0	-1
tls-client-cert-file	1	-1
tls-client-cert-file	2	-1
tls-client-cert-file	3	-1
tls-client-cert-file	4	-1
tls-client-cert-file	5	-1
tls-client-cert-file	6	-1
tls-client-cert-file	7	-1
tls-client-cert-file	8	-1
tls-client-cert-file	9	-1
tls-client-cert-file	10	-1
tls-client-cert-file	11	-1
tls-client-cert-file	12	-1
tls-client-cert-file	13	-1
tls-client-cert-file	14	-1
tls-client-cert-file	15	-1
tls-client-cert-file	16	-1
tls-client-cert-file	17	-1
tls-client-cert-file	18	-1
tls-client-key-file	0	-1
tls-client-key-file	1	-1
tls-client-key-file	2	-1
tls-client-key-file	3	-1
tls-client-key-file	4	-1
tls-client-key-file	5	-1
tls-client-key-file	6	-1
tls-client-key-file	7	-1
tls-client-key-file	8	-1
tls-client-key-file	9	-1
tls-client-key-file	10	-1
tls-client-key-file	11	-1
tls-client-key-file	12	-1
tls-client-key-file	13	-1
tls-client-key-file	14	-1
tls-client-key-file	15	-1
tls-client-key-file	16	-1
tls-client-key-file	17	-1
tls-client-key-file	18	-1
tls-client-key-file-pass	0	-1
tls-client-key-file-pass	1	-1
tls-client-key-file-pass	2	-1
tls-client-key-file-pass	3	-1
tls-client-key-file-pass	4	-1
tls-client-key-file-pass	5	-1
tls-client-key-file-pass	6	-1
tls-client-key-file-pass	7	-1
tls-client-key-file-pass	8	-1
tls-client-key-file-pass	9	-1
tls-client-key-file-pass	10	-1
tls-client-key-file-pass	11	-1
tls-client-key-file-pass	12	-1
tls-client-key-file-pass	13	-1
tls-client-key-file-pass	14	-1
tls-client-key-file-pass	15	-1
tls-client-key-file-pass	16	-1
tls-client-key-file-pass	17	-1
tls-client-key-file-pass	18	-1
tls-cluster	0	-1
tls-cluster	1	-1
tls-cluster	2	223
tls-cluster	3	223
tls-cluster	4	223
tls-cluster	5	223
tls-cluster	6	223
tls-cluster	7	223
tls-cluster	8	223
tls-cluster	9	223
tls-cluster	10	223
tls-cluster	11	223
tls-cluster	12	223
tls-cluster	13	223
tls-cluster	14	223
tls-cluster	15	223
tls-cluster	16	223
tls-cluster	17	223
tls-cluster	18	223
tls-dh-params-file	0	-1
tls-dh-params-file	1	-1
tls-dh-params-file	2	-1
tls-dh-params-file	3	-1
tls-dh-params-file	4	-1
tls-dh-params-file	5	-1
tls-dh-params-file	6	-1
tls-dh-params-file	7	-1
tls-dh-params-file	8	-1
tls-dh-params-file	9	-1
tls-dh-params-file	10	-1
tls-dh-params-file	11	-1
tls-dh-params-file	12	-1
tls-dh-params-file	13	-1
tls-dh-params-file	14	-1
tls-dh-params-file	15	-1
tls-dh-params-file	16	-1
tls-dh-params-file	17	-1
tls-dh-params-file	18	-1
tls-key-file	0	-1
tls-key-file	1	-1
tls-key-file	2	-1
tls-key-file	3	-1
tls-key-file	4	-1
tls-key-file	5	-1
tls-key-file	6	-1
tls-key-file	7	-1
tls-key-file	8	-1
tls-key-file	9	-1
tls-key-file	10	-1
tls-key-file	11	-1
tls-key-file	12	-1
tls-key-file	13	-1
tls-key-file	14	-1
tls-key-file	15	-1
tls-key-file	16	-1
tls-key-file	17	-1
tls-key-file	18	-1
tls-key-file-pass	0	-1
tls-key-file-pass	1	-1
tls-key-file-pass	2	-1
tls-key-file-pass	3	-1
tls-key-file-pass	4	-1
tls-key-file-pass	5	-1
tls-key-file-pass	6	-1
tls-key-file-pass	7	-1
tls-key-file-pass	8	-1
tls-key-file-pass	9	-1
tls-key-file-pass	10	-1
tls-key-file-pass	11	-1
tls-key-file-pass	12	-1
tls-key-file-pass	13	-1
tls-key-file-pass	14	-1
tls-key-file-pass	15	-1
tls-key-file-pass	16	-1
tls-key-file-pass	17	-1
tls-key-file-pass	18	-1
tls-prefer-server-ciphers	0	-1
tls-prefer-server-ciphers	1	-1
tls-prefer-server-ciphers	2	223
tls-prefer-server-ciphers	3	223
tls-prefer-server-ciphers	4	223
tls-prefer-server-ciphers	5	223
tls-prefer-server-ciphers	6	223
tls-prefer-server-ciphers	7	223
tls-prefer-server-ciphers	8	223
tls-prefer-server-ciphers	9	223
tls-prefer-server-ciphers	10	223
tls-prefer-server-ciphers	11	223
tls-prefer-server-ciphers	12	223
tls-prefer-server-ciphers	13	223
tls-prefer-server-ciphers	14	223
tls-prefer-server-ciphers	15	223
tls-prefer-server-ciphers	16	223
tls-prefer-server-ciphers	17	223
tls-prefer-server-ciphers	18	223
tls-protocols	0	-1
tls-protocols	1	-1
tls-protocols	2	-1
tls-protocols	3	-1
tls-protocols	4	-1
tls-protocols	5	-1
tls-protocols	6	-1
tls-protocols	7	-1
tls-protocols	8	-1
tls-protocols	9	-1
tls-protocols	10	-1
tls-protocols	11	-1
tls-protocols	12	-1
tls-protocols	13	-1
tls-protocols	14	-1
tls-protocols	15	-1
tls-protocols	16	-1
tls-protocols	17	-1
tls-protocols	18	-1
tls-replication	0	-1
tls-replication	1	-1
tls-replication	2	223
tls-replication	3	223
tls-replication	4	223
tls-replication	5	223
tls-replication	6	223
tls-replication	7	223
tls-replication	8	223
tls-replication	9	223
tls-replication	10	223
tls-replication	11	223
tls-replication	12	223
tls-replication	13	223
tls-replication	14	223
tls-replication	15	223
tls-replication	16	223
tls-replication	17	223
tls-replication	18	223
tls-session-cache-size	0	215
tls-session-cache-size	1	215
tls-session-cache-size	2	-1
tls-session-cache-size	3	-1
tls-session-cache-size	4	227
tls-session-cache-size	5	215
tls-session-cache-size	6	215
tls-session-cache-size	7	215
tls-session-cache-size	8	215
tls-session-cache-size	9	215
tls-session-cache-size	10	215
tls-session-cache-size	11	-1
tls-session-cache-size	12	215
tls-session-cache-size	13	215
tls-session-cache-size	14	215
tls-session-cache-size	15	215
tls-session-cache-size	16	215
tls-session-cache-size	17	215
tls-session-cache-size	18	-1
tls-session-cache-timeout	0	215
tls-session-cache-timeout	1	215
tls-session-cache-timeout	2	-1
tls-session-cache-timeout	3	-1
tls-session-cache-timeout	4	227
tls-session-cache-timeout	5	215
tls-session-cache-timeout	6	215
tls-session-cache-timeout	7	215
tls-session-cache-timeout	8	215
tls-session-cache-timeout	9	215
tls-session-cache-timeout	10	215
tls-session-cache-timeout	11	-1
tls-session-cache-timeout	12	215
tls-session-cache-timeout	13	215
tls-session-cache-timeout	14	215
tls-session-cache-timeout	15	215
tls-session-cache-timeout	16	215
tls-session-cache-timeout	17	215
tls-session-cache-timeout	18	-1
tls-session-caching	0	-1
tls-session-caching	1	-1
tls-session-caching	2	223
tls-session-caching	3	223
tls-session-caching	4	223
tls-session-caching	5	223
tls-session-caching	6	223
tls-session-caching	7	223
tls-session-caching	8	223
tls-session-caching	9	223
tls-session-caching	10	223
tls-session-caching	11	223
tls-session-caching	12	223
tls-session-caching	13	223
tls-session-caching	14	223
tls-session-caching	15	223
tls-session-caching	16	223
tls-session-caching	17	223
tls-session-caching	18	223
tracking-table-max-keys	0	215
tracking-table-max-keys	1	215
tracking-table-max-keys	2	-1
tracking-table-max-keys	3	-1
tracking-table-max-keys	4	216
tracking-table-max-keys	5	215
tracking-table-max-keys	6	215
tracking-table-max-keys	7	215
tracking-table-max-keys	8	215
tracking-table-max-keys	9	215
tracking-table-max-keys	10	215
tracking-table-max-keys	11	-1
tracking-table-max-keys	12	215
tracking-table-max-keys	13	215
tracking-table-max-keys	14	215
tracking-table-max-keys	15	215
tracking-table-max-keys	16	215
tracking-table-max-keys	17	215
tracking-table-max-keys	18	-1
unixsocketperm	0	258
unixsocketperm	1	258
unixsocketperm	2	-1
unixsocketperm	3	-1
unixsocketperm	4	259
unixsocketperm	5	258
unixsocketperm	6	258
unixsocketperm	7	-1
unixsocketperm	8	-1
unixsocketperm	9	258
unixsocketperm	10	258
unixsocketperm	11	-1
unixsocketperm	12	258
unixsocketperm	13	258
unixsocketperm	14	258
unixsocketperm	15	258
unixsocketperm	16	258
unixsocketperm	17	258
unixsocketperm	18	-1
zset-max-listpack-entries	0	215
zset-max-listpack-entries	1	215
zset-max-listpack-entries	2	-1
zset-max-listpack-entries	3	-1
zset-max-listpack-entries	4	216
zset-max-listpack-entries	5	215
zset-max-listpack-entries	6	215
zset-max-listpack-entries	7	215
zset-max-listpack-entries	8	215
zset-max-listpack-entries	9	215
zset-max-listpack-entries	10	215
zset-max-listpack-entries	11	-1
zset-max-listpack-entries	12	215
zset-max-listpack-entries	13	215
zset-max-listpack-entries	14	215
zset-max-listpack-entries	15	215
zset-max-listpack-entries	16	215
zset-max-listpack-entries	17	215
zset-max-listpack-entries	18	-1
zset-max-listpack-value	0	218
zset-max-listpack-value	1	218
zset-max-listpack-value	2	-1
zset-max-listpack-value	3	-1
zset-max-listpack-value	4	218
zset-max-listpack-value	5	-1
zset-max-listpack-value	6	-1
zset-max-listpack-value	7	-1
zset-max-listpack-value	8	-1
zset-max-listpack-value	9	218
zset-max-listpack-value	10	218
zset-max-listpack-value	11	-1
zset-max-listpack-value	12	218
zset-max-listpack-value	13	218
zset-max-listpack-value	14	218
zset-max-listpack-value	15	218
zset-max-listpack-value	16	218
zset-max-listpack-value	17	-1
zset-max-listpack-value	18	-1
zset-max-ziplist-entries	0	215
zset-max-ziplist-entries	1	215
zset-max-ziplist-entries	2	-1
zset-max-ziplist-entries	3	-1
zset-max-ziplist-entries	4	216
zset-max-ziplist-entries	5	215
zset-max-ziplist-entries	6	215
zset-max-ziplist-entries	7	215
zset-max-ziplist-entries	8	215
zset-max-ziplist-entries	9	215
zset-max-ziplist-entries	10	215
zset-max-ziplist-entries	11	-1
zset-max-ziplist-entries	12	215
zset-max-ziplist-entries	13	215
zset-max-ziplist-entries	14	215
zset-max-ziplist-entries	15	215
zset-max-ziplist-entries	16	215
zset-max-ziplist-entries	17	215
zset-max-ziplist-entries	18	-1
zset-max-ziplist-value	0	218
zset-max-ziplist-value	1	218
zset-max-ziplist-value	2	-1
zset-max-ziplist-value	3	-1
zset-max-ziplist-value	4	218
zset-max-ziplist-value	5	-1
zset-max-ziplist-value	6	-1
zset-max-ziplist-value	7	-1
zset-max-ziplist-value	8	-1
zset-max-ziplist-value	9	218
zset-max-ziplist-value	10	218
zset-max-ziplist-value	11	-1
zset-max-ziplist-value	12	218
zset-max-ziplist-value	13	218
zset-max-ziplist-value	14	218
zset-max-ziplist-value	15	218
zset-max-ziplist-value	16	218
zset-max-ziplist-value	17	-1
zset-max-ziplist-value	18	-1
"""#
}

@Suite struct DifferentialTests {
    func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func configSetAndGetMatchRedis() {
        var checked = 0
        for f in rows(Redis7015Differential.set) {
            let value = Redis7015Differential.values[Int(f[1])!]
            let r = Int(f[2])!
            let expected = r < 0 ? nil : Redis7015Differential.reasons[r]
            let c = ServerConfig()
            let err = c.configSet([(f[0], value)])
            #expect(err?.message == expected, "CONFIG SET \(f[0]) '\(value)'")
            #expect(c.get(f[0]) == (f.count > 3 ? f[3] : ""), "CONFIG GET \(f[0]) after '\(value)'")
            checked += 1
        }
        #expect(checked > 3000)
    }

    @Test func startupOptionsMatchRedis() throws {
        // Run with `dir` pointing at scratch directories: relative paths (and
        // the log file the post-load check opens) must not touch the cwd.
        let clean = TestFS.makeTempDir(), logs = TestFS.makeTempDir()
        defer { TestFS.removeTree(clean); TestFS.removeTree(logs) }
        var checked = 0
        for f in rows(Redis7015Differential.load) {
            let value = Redis7015Differential.values[Int(f[1])!]
            let r = Int(f[2])!
            let (_, text) = try ServerConfig.parseCommandLine(["--port", "0", "--" + f[0], value], readStdin: { "" })
            var got: String? = nil
            let c = ServerConfig()
            c.values[DirectiveTable.index("dir")] = .dir(f[0] == "logfile" ? logs : clean)
            do { try c.loadConfigText(text) } catch let e as ConfigLoadError { got = e.message }
            var expected: String? = nil
            if r >= 0 {
                let reason = Redis7015Differential.reasons[r]
                if reason.hasPrefix("L:") {
                    expected = fatal(line: 3, "\(f[0]) \(ConfigParsing.repr(value))", String(reason.dropFirst(2)))
                } else {
                    expected = "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n" + reason.dropFirst(2) + "\n"
                }
            }
            #expect(got == expected, "--\(f[0]) '\(value)'")
            checked += 1
        }
        #expect(checked > 3000)
    }
}
