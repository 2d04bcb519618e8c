package dsms.node.config;

import dsms.node.config.ClusterConfig.ReplicaConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The checks a parsed config must pass before any process uses it; all problems are listed. */
final class ConfigValidator {
    /** Fewer than three replicas cannot mask even one fault. */
    static final int REPLICA_COUNT_MIN = 3;
    /** Replicas are named by one letter and share one machine's worth of ports in tests. */
    static final int REPLICA_COUNT_MAX = 9;
    /** 256 bits: the key size of HMAC-SHA256. */
    static final int SECRET_BYTES_MIN = 32;

    private ConfigValidator() {}

    static List<String> problems(ClusterConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.mode() == null) {
            problems.add("missing key 'mode' (crash or byzantine)");
        }
        checkSecret(config.secret(), problems);
        Map<String, String> endpoints = new HashMap<>();
        if (config.frontEnd() == null) {
            problems.add("missing section 'frontEnd'");
        } else {
            checkEndpoint("frontEnd", config.frontEnd().host(), config.frontEnd().port(), endpoints, problems);
            checkPort("frontEnd.httpPort", config.frontEnd().httpPort(), problems);
            Integer streamPort = config.frontEnd().streamPort();
            if (streamPort != null && checkPort("frontEnd.streamPort", streamPort, problems)
                    && streamPort == config.frontEnd().httpPort()) {
                problems.add("frontEnd.streamPort " + streamPort + " is already frontEnd.httpPort; both are TCP ports of one host");
            }
        }
        if (config.sequencer() == null) {
            problems.add("missing section 'sequencer'");
        } else {
            checkEndpoint("sequencer", config.sequencer().host(), config.sequencer().port(), endpoints, problems);
        }
        checkReplicas(config.replicas(), endpoints, problems);
        checkTimeouts(config.timeouts(), problems);
        return problems;
    }

    private static void checkSecret(String secret, List<String> problems) {
        if (secret == null || secret.isBlank()) {
            problems.add("missing key 'secret'");
            return;
        }
        try {
            byte[] bytes = HexFormat.of().parseHex(secret.trim());
            if (bytes.length < SECRET_BYTES_MIN) {
                problems.add("'secret' must be at least " + SECRET_BYTES_MIN + " bytes (" + SECRET_BYTES_MIN * 2
                        + " hex digits)");
            }
        } catch (IllegalArgumentException e) {
            problems.add("'secret' must be hex digits");
        }
    }

    private static void checkReplicas(
            List<ReplicaConfig> replicas, Map<String, String> endpoints, List<String> problems) {
        if (replicas.size() < REPLICA_COUNT_MIN || replicas.size() > REPLICA_COUNT_MAX) {
            problems.add("'replicas' must list " + REPLICA_COUNT_MIN + " to " + REPLICA_COUNT_MAX
                    + " replicas, found " + replicas.size());
        }
        for (int index = 0; index < replicas.size(); index++) {
            ReplicaConfig replica = replicas.get(index);
            String expectedId = String.valueOf((char) ('A' + index));
            String name = "replicas[" + index + "]";
            if (replica == null) {
                problems.add(name + " is empty");
                continue;
            }
            if (replica.id() == null || !replica.id().equalsIgnoreCase(expectedId)) {
                problems.add("missing replica " + expectedId + ": " + name + " has id '" + replica.id()
                        + "', but replicas must be listed as A, B, C... in order");
            }
            checkEndpoint(name, replica.host(), replica.port(), endpoints, problems);
            checkEndpoint(name + ".managerPort", replica.host(), replica.managerPort(), endpoints, problems);
        }
    }

    private static void checkEndpoint(
            String name, String host, int port, Map<String, String> endpoints, List<String> problems) {
        if (host == null || host.isBlank()) {
            problems.add(name + ": missing key 'host'");
            return;
        }
        if (!checkPort(name, port, problems)) {
            return;
        }
        String previous = endpoints.putIfAbsent(host + ":" + port, name);
        if (previous != null) {
            problems.add(name + " uses " + host + ":" + port + ", already used by " + previous);
        }
    }

    private static boolean checkPort(String name, int port, List<String> problems) {
        if (port < 1 || port > 65_535) {
            problems.add(name + (port == 0 ? ": missing port" : ": bad port " + port) + " (expected 1..65535)");
            return false;
        }
        return true;
    }

    private static void checkTimeouts(ClusterConfig.TimeoutsConfig timeouts, List<String> problems) {
        if (timeouts.resultMsMin() <= 0 || timeouts.resultMsMax() <= 0 || timeouts.requestMsMax() <= 0
                || timeouts.retransmitMs() <= 0) {
            problems.add("'timeouts' must all be positive milliseconds");
        } else if (timeouts.resultMsMin() > timeouts.resultMsMax()) {
            problems.add("'timeouts.resultMsMin' must not exceed 'timeouts.resultMsMax'");
        }
    }
}
