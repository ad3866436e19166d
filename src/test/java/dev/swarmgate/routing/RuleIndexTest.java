package dev.swarmgate.routing;

import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.PathType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index finds the rule that trying every rule in order would find, for tables built so that many rules match
 * the same paths: prefixes of each other, the same pattern in several rules, exact, suffix and regex paths,
 * excludes and domains mixed.
 */
class RuleIndexTest {

    private static final String[] SEGMENTS = {"", "/", "/a", "/ab", "/a/", "/a/b", "/b", "/abc/d", "/.png", "/x"};
    private static final String[] HOSTS = {"a.com", "b.com", "a.com:8080"};

    @Test
    void findsTheFirstMatchingRuleAsTryingEachInOrderWould() {
        Random random = new Random(11);
        for (int table = 0; table < 300; table++) {
            Rule[] rules = randomRules(random, 1 + random.nextInt(40));
            RuleIndex index = RuleIndex.of(rules);
            for (int request = 0; request < 200; request++) {
                String path = randomPath(random);
                String host = random.nextInt(4) == 0 ? null : HOSTS[random.nextInt(HOSTS.length)];
                int nameEnd = host == null ? 0 : HostMatcher.nameEnd(host);

                assertThat(index.firstMatch(rules, host, nameEnd, path, null))
                        .as("table %d, Host %s, path %s", table, host, path)
                        .isEqualTo(firstByTryingEach(rules, host, nameEnd, path));
            }
        }
    }

    @Test
    void aTableWithoutRulesMatchesNothing() {
        assertThat(RuleIndex.of(new Rule[0]).firstMatch(new Rule[0], "a.com", 5, "/a", null)).isZero();
    }

    private static int firstByTryingEach(Rule[] rules, String host, int nameEnd, String path) {
        for (int r = 0; r < rules.length; r++) {
            if (rules[r].matches(host, nameEnd, path, null)) {
                return r;
            }
        }
        return rules.length;
    }

    private static Rule[] randomRules(Random random, int count) {
        Rule[] rules = new Rule[count];
        for (int r = 0; r < count; r++) {
            PathType type = switch (random.nextInt(8)) {
                case 0 -> PathType.EXACT;
                case 1 -> PathType.SUFFIX;
                case 2 -> PathType.REGEX;
                default -> PathType.PREFIX;
            };
            List<String> paths = new ArrayList<>();
            for (int p = random.nextInt(3); p >= 0; p--) {
                paths.add(type == PathType.REGEX ? randomRegex(random) : randomPath(random));
            }
            PathMatcher excludes = random.nextInt(5) == 0 ? PathMatcher.of(type == PathType.REGEX ? PathType.PREFIX
                    : type, List.of(randomPath(random))) : null;
            HostMatcher hosts = random.nextInt(4) == 0
                    ? HostMatcher.of(DomainMatch.PREFIX, List.of(HOSTS[random.nextInt(2)])) : null;
            rules[r] = new Rule(0, PathMatcher.of(type, paths), excludes, hosts, null, null);
        }
        return rules;
    }

    private static String randomPath(Random random) {
        StringBuilder path = new StringBuilder();
        for (int s = random.nextInt(3); s >= 0; s--) {
            path.append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
        }
        return path.toString();
    }

    private static String randomRegex(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> "^/a";
            case 1 -> "b$";
            default -> "/[ab]+/";
        };
    }
}
