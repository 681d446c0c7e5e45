/*
 * kmock: librdkafka's mock Kafka cluster as a test broker (ARCHITECTURE.md, "Testing against a real
 * Kafka-protocol broker"; reference/mock-broker.md has what was measured on it).
 *
 *   kmock [brokers]        (default 3)
 *
 * Line 1 of stdout is the bootstrap list (host:port,...). Then one command per stdin line, each answered
 * with one line, `ok ...` or `error ...`:
 *
 *   create <topic> <partitions> [replication]   create a topic (the mock auto-creates unknown topics with 4
 *                                               partitions, so tests create every topic here first)
 *   down <broker> | up <broker>                 take a broker off the network / back (the controller moves
 *                                               to a live broker when its broker goes down)
 *   errors <apikey> <err>[,<err>...]            push errors for the next requests of an API, cluster-wide
 *   broker-errors <broker> <apikey> <err>[,...] the same on one broker
 *   clear <apikey>                              drop pushed errors of an API
 *   rtt <broker> <ms>                           add round-trip delay to a broker
 *   leader <topic> <partition> <broker>         move a partition's leader
 *   coordinator <group> <broker>                move a group's coordinator
 *   controller                                  print the controller id
 *   quit                                        exit (stdin EOF and SIGTERM do the same)
 *
 * The controller-id workaround (mock-broker.md, finding 1): the mock never sets a controller, so Metadata
 * reports 0 and kafkajs' admin client fails ("Broker 0 not found"). In librdkafka 2.0.x the private struct
 * rd_kafka_mock_cluster_s starts with `char id[32]; rd_kafka_t *rk; int32_t controller_id;`. The launcher
 * checks that prefix at runtime (id equals a client's cluster id, rk equals rd_kafka_mock_cluster_handle(),
 * the field reads 0 or -1), writes a live broker id, confirms it with a fresh client and refuses to start if
 * any check fails.
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mock_prefix {
        char id[32];
        rd_kafka_t *rk;
        int32_t controller_id;
};

static rd_kafka_mock_cluster_t *mcluster;
static int broker_cnt = 3;
static int down[65];
static volatile sig_atomic_t stop;

static void on_signal(int sig) {
        (void)sig;
        stop = 1;
        /* stdin reads are interrupted (no SA_RESTART), so the main loop ends */
}

static rd_kafka_t *client(const char *bootstraps, char *errstr, size_t errlen) {
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstraps, errstr, errlen) != RD_KAFKA_CONF_OK ||
            rd_kafka_conf_set(conf, "log_level", "0", errstr, errlen) != RD_KAFKA_CONF_OK) {
                rd_kafka_conf_destroy(conf);
                return NULL;
        }
        return rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, errlen);
}

/* Writes `broker` as the controller id after checking the struct prefix; returns 0 on success. */
static int set_controller(int32_t broker, int first, char *why, size_t whylen) {
        struct mock_prefix *p = (struct mock_prefix *)mcluster;
        if (p->rk != rd_kafka_mock_cluster_handle(mcluster)) {
                snprintf(why, whylen, "struct layout check failed: rk field does not match rd_kafka_mock_cluster_handle()");
                return -1;
        }
        if (first) {
                char errstr[512];
                rd_kafka_t *rk = client(rd_kafka_mock_cluster_bootstraps(mcluster), errstr, sizeof(errstr));
                if (!rk) {
                        snprintf(why, whylen, "cannot create a check client: %s", errstr);
                        return -1;
                }
                char *cid = rd_kafka_clusterid(rk, 5000);
                int ok = cid && strncmp(cid, p->id, sizeof(p->id)) == 0;
                if (cid) rd_kafka_mem_free(rk, cid);
                rd_kafka_destroy(rk);
                if (!ok) {
                        snprintf(why, whylen, "struct layout check failed: id field does not equal the cluster id");
                        return -1;
                }
                if (p->controller_id != 0 && p->controller_id != -1) {
                        snprintf(why, whylen, "struct layout check failed: controller_id field reads %d, expected 0 or -1",
                                 (int)p->controller_id);
                        return -1;
                }
        }
        p->controller_id = broker;
        char errstr[512];
        rd_kafka_t *rk = client(rd_kafka_mock_cluster_bootstraps(mcluster), errstr, sizeof(errstr));
        if (!rk) {
                snprintf(why, whylen, "cannot create a check client: %s", errstr);
                return -1;
        }
        int32_t seen = rd_kafka_controllerid(rk, 5000);
        rd_kafka_destroy(rk);
        if (seen != broker) {
                snprintf(why, whylen, "controller check failed: a fresh client sees controller %d, expected %d", (int)seen,
                         (int)broker);
                return -1;
        }
        return 0;
}

static int32_t controller(void) {
        return ((struct mock_prefix *)mcluster)->controller_id;
}

static int parse_errors(char *list, rd_kafka_resp_err_t *out, int max) {
        int n = 0;
        for (char *tok = strtok(list, ","); tok && n < max; tok = strtok(NULL, ",")) out[n++] = (rd_kafka_resp_err_t)atoi(tok);
        return n;
}

static void command(char *line) {
        char *argv[8];
        int argc = 0;
        for (char *tok = strtok(line, " \t\r\n"); tok && argc < 8; tok = strtok(NULL, " \t\r\n")) argv[argc++] = tok;
        if (argc == 0) return;
        const char *cmd = argv[0];
        rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
        char why[600];

        if (!strcmp(cmd, "create") && argc >= 3) {
                int rf = argc >= 4 ? atoi(argv[3]) : (broker_cnt < 3 ? broker_cnt : 3);
                err = rd_kafka_mock_topic_create(mcluster, argv[1], atoi(argv[2]), rf);
                if (!err) printf("ok created %s %s\n", argv[1], argv[2]);
        } else if ((!strcmp(cmd, "down") || !strcmp(cmd, "up")) && argc >= 2) {
                int id = atoi(argv[1]);
                if (id < 1 || id > broker_cnt) {
                        printf("error no broker %d\n", id);
                        return;
                }
                int is_down = !strcmp(cmd, "down");
                if (is_down && controller() == id) {
                        int next = 0;
                        for (int b = 1; b <= broker_cnt && !next; b++)
                                if (b != id && !down[b]) next = b;
                        if (next) ((struct mock_prefix *)mcluster)->controller_id = next;
                }
                err = is_down ? rd_kafka_mock_broker_set_down(mcluster, id) : rd_kafka_mock_broker_set_up(mcluster, id);
                if (!err) {
                        down[id] = is_down;
                        printf("ok broker %d %s controller %d\n", id, cmd, (int)controller());
                }
        } else if (!strcmp(cmd, "errors") && argc >= 3) {
                rd_kafka_resp_err_t errs[64];
                int n = parse_errors(argv[2], errs, 64);
                rd_kafka_mock_push_request_errors_array(mcluster, (int16_t)atoi(argv[1]), (size_t)n, errs);
                printf("ok pushed %d errors for api %s\n", n, argv[1]);
        } else if (!strcmp(cmd, "broker-errors") && argc >= 4) {
                rd_kafka_resp_err_t errs[64];
                int n = parse_errors(argv[3], errs, 64);
                for (int i = 0; i < n && !err; i++)
                        err = rd_kafka_mock_broker_push_request_error_rtts(mcluster, atoi(argv[1]), (int16_t)atoi(argv[2]), 1,
                                                                           errs[i], 0);
                if (!err) printf("ok pushed %d errors for api %s on broker %s\n", n, argv[2], argv[1]);
        } else if (!strcmp(cmd, "clear") && argc >= 2) {
                rd_kafka_mock_clear_request_errors(mcluster, (int16_t)atoi(argv[1]));
                printf("ok cleared api %s\n", argv[1]);
        } else if (!strcmp(cmd, "rtt") && argc >= 3) {
                err = rd_kafka_mock_broker_set_rtt(mcluster, atoi(argv[1]), atoi(argv[2]));
                if (!err) printf("ok rtt %s %s\n", argv[1], argv[2]);
        } else if (!strcmp(cmd, "leader") && argc >= 4) {
                err = rd_kafka_mock_partition_set_leader(mcluster, argv[1], atoi(argv[2]), atoi(argv[3]));
                if (!err) printf("ok leader %s %s %s\n", argv[1], argv[2], argv[3]);
        } else if (!strcmp(cmd, "coordinator") && argc >= 3) {
                err = rd_kafka_mock_coordinator_set(mcluster, "group", argv[1], atoi(argv[2]));
                if (!err) printf("ok coordinator %s %s\n", argv[1], argv[2]);
        } else if (!strcmp(cmd, "controller")) {
                printf("ok controller %d\n", (int)controller());
        } else if (!strcmp(cmd, "quit")) {
                stop = 1;
                printf("ok quit\n");
        } else {
                snprintf(why, sizeof(why), "unknown command or missing arguments: %s", cmd);
                printf("error %s\n", why);
                return;
        }
        if (err) printf("error %s: %s\n", cmd, rd_kafka_err2str(err));
}

int main(int argc, char **argv) {
        char errstr[512];
        setvbuf(stdout, NULL, _IOLBF, 0);
        if (argc > 1) broker_cnt = atoi(argv[1]);
        if (broker_cnt < 1 || broker_cnt > 64) {
                fprintf(stderr, "kmock: broker count must be 1..64\n");
                return 2;
        }

        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal;
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);

        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr));
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk) {
                fprintf(stderr, "kmock: rd_kafka_new failed: %s\n", errstr);
                return 1;
        }
        mcluster = rd_kafka_mock_cluster_new(rk, broker_cnt);
        if (!mcluster) {
                fprintf(stderr, "kmock: rd_kafka_mock_cluster_new failed\n");
                return 1;
        }
        char why[600];
        if (set_controller(1, 1, why, sizeof(why)) != 0) {
                fprintf(stderr, "kmock: refusing to start, the controller-id workaround does not fit this librdkafka (%s): %s\n",
                        rd_kafka_version_str(), why);
                rd_kafka_mock_cluster_destroy(mcluster);
                rd_kafka_destroy(rk);
                return 3;
        }

        printf("%s\n", rd_kafka_mock_cluster_bootstraps(mcluster));

        char line[1024];
        while (!stop && fgets(line, sizeof(line), stdin)) command(line);

        rd_kafka_mock_cluster_destroy(mcluster);
        rd_kafka_destroy(rk);
        return 0;
}
