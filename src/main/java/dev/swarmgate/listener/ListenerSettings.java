package dev.swarmgate.listener;

import dev.swarmgate.config.dfp.DiscoverySettings;
import dev.swarmgate.config.dfp.NotifyLabel;
import dev.swarmgate.docker.DockerEndpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code swarmgate listener}'s settings, read from Docker Flow Swarm Listener's environment variables and secrets
 * (dfp-compat §5.1) with the DFSL image's defaults. Every variable DFSL reads is accepted; those whose feature is
 * not here (node notifications, node info) are named in {@link #notes()} so the operator sees them in the log.
 *
 * @param createTargets  where create (and update) notifications go, in the order configured
 * @param removeTargets  where remove notifications go
 * @param retries        retries after the first attempt of each notification to each URL ({@code DF_RETRY})
 * @param retryInterval  between attempts ({@code DF_RETRY_INTERVAL}); zero means no retries, as in DFSL
 * @param requestTimeout bounds one attempt, connect to answer ({@code DF_NOTIFY_TIMEOUT}; DFSL had none)
 * @param relistInterval services are listed at least this often besides events ({@code DF_SERVICE_POLLING_INTERVAL})
 * @param taskInterval   the marked services' tasks are listed this often, for the feed's task addresses
 *                       ({@code SWARM_TASK_INTERVAL}, 250 ms as for a proxy watching Docker)
 * @param idleTaskInterval and this often once nothing changed for a while ({@code SWARM_TASK_IDLE_INTERVAL}, 1 s)
 * @param serviceNamePrefix {@code DF_SERVICE_NAME_PREFIX}: names become {@code <prefix>_<name>}; "" for none
 * @param port           the HTTP API's port ({@code LISTENER_PORT}, 8080; 0 binds any free port)
 * @param notes          sentences for the start-up log about variables that have no effect here
 */
public record ListenerSettings(DockerEndpoint docker, NotifyLabel notifyLabel, List<NotifyTarget> createTargets,
                               List<NotifyTarget> removeTargets, int retries, Duration retryInterval,
                               Duration requestTimeout, Duration relistInterval, Duration taskInterval,
                               Duration idleTaskInterval, String serviceNamePrefix,
                               String host, int port, List<String> notes) {

    static final int DEFAULT_RETRIES = 50;
    static final int DEFAULT_RETRY_INTERVAL_SECONDS = 5;
    static final int DEFAULT_TIMEOUT_SECONDS = 30;
    static final int DEFAULT_PORT = 8080;

    public ListenerSettings {
        createTargets = List.copyOf(createTargets);
        removeTargets = List.copyOf(removeTargets);
        notes = List.copyOf(notes);
    }

    /** How the swarm watcher should look at services for the listener. */
    public DiscoverySettings discovery() {
        // The feed carries the running tasks' addresses, so tasks are listed as often as a proxy watching Docker does.
        return new DiscoverySettings(DiscoverySettings.Mode.ON, notifyLabel, taskInterval, idleTaskInterval,
                relistInterval);
    }

    /**
     * @param secretsDir where {@code df_notify_create_service_url} and the other secrets are ({@code /run/secrets})
     * @throws IllegalArgumentException naming the variable and the fix when a value is malformed
     */
    public static ListenerSettings read(Map<String, String> env, Path secretsDir) {
        return new Reader(env, secretsDir).settings();
    }

    private static final class Reader {

        private final Map<String, String> env;
        private final Path secretsDir;
        private final List<String> notes = new ArrayList<>();

        Reader(Map<String, String> env, Path secretsDir) {
            this.env = env;
            this.secretsDir = secretsDir;
        }

        ListenerSettings settings() {
            DockerEndpoint docker = DockerEndpoint.fromEnvironment(env);
            Map<String, String> discoveryEnv = new HashMap<>();
            copy("DF_NOTIFY_LABEL", discoveryEnv);
            copy("DF_SERVICE_POLLING_INTERVAL", discoveryEnv);
            copy("SWARM_TASK_INTERVAL", discoveryEnv);
            copy("SWARM_TASK_IDLE_INTERVAL", discoveryEnv);
            DiscoverySettings discovery = DiscoverySettings.read(discoveryEnv);
            List<NotifyTarget> create = targets("CREATE");
            List<NotifyTarget> remove = targets("REMOVE");
            if (create.isEmpty() && remove.isEmpty()) {
                notes.add("No notification URL is set (DF_NOTIFY_CREATE_SERVICE_URL, DF_NOTIFY_REMOVE_SERVICE_URL):"
                        + " the listener sends no notifications; proxies can pull get-services or follow the feed");
            }
            int retries = whole("DF_RETRY", DEFAULT_RETRIES, 0, "a whole number of retries, 0 or more (the"
                    + " default is 50)");
            int interval = whole("DF_RETRY_INTERVAL", DEFAULT_RETRY_INTERVAL_SECONDS, 0, "a whole number of"
                    + " seconds, 0 or more (the default is 5; 0 turns retries off)");
            int timeout = whole("DF_NOTIFY_TIMEOUT", DEFAULT_TIMEOUT_SECONDS, 1, "a whole number of seconds, 1 or"
                    + " more (the default is 30)");
            if (!flag("DF_USE_DOCKER_SERVICE_EVENTS", true)) {
                notes.add("DF_USE_DOCKER_SERVICE_EVENTS=false has no effect: the listener always follows service"
                        + " events, and lists services every " + discovery.relistInterval().toSeconds()
                        + " s besides (DF_SERVICE_POLLING_INTERVAL)");
            }
            nodeVariables();
            String prefix = env.getOrDefault("DF_SERVICE_NAME_PREFIX", "");
            String host = env.getOrDefault("LISTENER_IP", "");
            int port = whole("LISTENER_PORT", DEFAULT_PORT, 0, "a port number from 1 to 65535 (the default is 8080)");
            if (port > 65535) {
                throw new IllegalArgumentException("LISTENER_PORT=" + port + " is not valid: use a port number"
                        + " from 1 to 65535 (the default is 8080)");
            }
            return new ListenerSettings(docker, discovery.notifyLabel(), create, remove, retries,
                    Duration.ofSeconds(interval), Duration.ofSeconds(timeout), discovery.relistInterval(),
                    discovery.taskInterval(), discovery.idleTaskInterval(), prefix,
                    host.isBlank() ? "0.0.0.0" : host.strip(), port, notes);
        }

        /**
         * {@code DF_NOTIF_<KIND>_SERVICE_URL} wins over {@code DF_NOTIFY_<KIND>_SERVICE_URL}, which wins over
         * {@code DF_NOTIFICATION_URL}, as in DFSL; the secret's URLs are appended.
         */
        private List<NotifyTarget> targets(String kind) {
            String variable = null;
            for (String name : List.of("DF_NOTIF_" + kind + "_SERVICE_URL", "DF_NOTIFY_" + kind + "_SERVICE_URL",
                    "DF_NOTIFICATION_URL")) {
                if (!isBlank(env.get(name))) {
                    variable = name;
                    break;
                }
            }
            List<String> urls = new ArrayList<>();
            String from = variable;
            if (variable != null) {
                urls.addAll(NotifyTarget.split(env.get(variable)));
            }
            String secretName = "df_notify_" + kind.toLowerCase(java.util.Locale.ROOT) + "_service_url";
            List<String> secret = NotifyTarget.split(secret(secretName));
            if (!secret.isEmpty()) {
                from = from == null ? secretsDir.resolve(secretName).toString()
                        : from + " (with secret " + secretName + ")";
                urls.addAll(secret);
            }
            String methods = "DF_NOTIFY_" + kind + "_SERVICE_METHOD";
            return NotifyTarget.list(urls, from, env.get(methods), methods);
        }

        private void nodeVariables() {
            for (String kind : List.of("CREATE", "REMOVE")) {
                String name = "DF_NOTIFY_" + kind + "_NODE_URL";
                String secretName = "df_notify_" + kind.toLowerCase(java.util.Locale.ROOT) + "_node_url";
                if (!isBlank(env.get(name)) || !isBlank(secret(secretName))) {
                    notes.add(name + " (or secret " + secretName + ") is not supported: the listener sends no node"
                            + " notifications; get-nodes lists the nodes on demand. The URLs are ignored.");
                }
            }
            if (flag("DF_INCLUDE_NODE_IP_INFO", false)) {
                notes.add("DF_INCLUDE_NODE_IP_INFO=true is not supported: notifications carry no nodeInfo"
                        + " parameter (com.df.scrapeNetwork is forwarded as a plain parameter)");
            }
            flag("DF_NODE_IP_INFO_INCLUDES_TASK_ADDRESS", true);
            flag("DF_USE_DOCKER_NODE_EVENTS", true);
            flag("DF_NOTIFY_CREATE_SERVICE_IMMEDIATELY", false);
            wholeOrMinusOne("DF_NODE_POLLING_INTERVAL");
        }

        private void copy(String name, Map<String, String> into) {
            if (env.get(name) != null) {
                into.put(name, env.get(name));
            }
        }

        private String secret(String name) {
            Path file = secretsDir.resolve(name);
            if (!Files.isRegularFile(file)) {
                return "";
            }
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read secret " + file + ": " + e + "; make the secret"
                        + " readable by the listener or remove it");
            }
        }

        private int whole(String name, int fallback, int min, String accepted) {
            String text = env.get(name);
            if (isBlank(text)) {
                return fallback;
            }
            try {
                int value = Integer.parseInt(text.strip());
                if (value >= min) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + "=" + text + " is not valid: use " + accepted);
        }

        private void wholeOrMinusOne(String name) {
            String text = env.get(name);
            if (!isBlank(text)) {
                try {
                    Integer.parseInt(text.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + "=" + text + " is not valid: use a whole number of"
                            + " seconds, or -1 (the default)");
                }
            }
        }

        /** Go's {@code strconv.ParseBool} spellings, which DFSL reads its switches with. */
        private boolean flag(String name, boolean fallback) {
            String text = env.get(name);
            if (isBlank(text)) {
                return fallback;
            }
            return switch (text.strip()) {
                case "1", "t", "T", "TRUE", "true", "True" -> true;
                case "0", "f", "F", "FALSE", "false", "False" -> false;
                default -> throw new IllegalArgumentException(name + "=" + text + " is not valid: use true or false");
            };
        }

        private static boolean isBlank(String text) {
            return text == null || text.isBlank();
        }
    }
}
