package dsms.node.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private final ApiKeys keys = new ApiKeys("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    @Test
    void shouldVerifyIssuedKeyAsItsUser() {
        assertThat(keys.verify(keys.issue("nykb1234"))).contains("NYKB1234");
    }

    @Test
    void shouldRejectKeyWhoseUserPartWasChanged() {
        String key = keys.issue("NYKB1234");
        assertThat(keys.verify(key.replace("NYKB1234", "NYKB1235"))).isEmpty();
    }

    @Test
    void shouldRejectKeyFromAnotherClusterSecret() {
        ApiKeys otherCluster = new ApiKeys("ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100");
        assertThat(keys.verify(otherCluster.issue("NYKB1234"))).isEmpty();
    }

    @Test
    void shouldRejectMalformedKeys() {
        assertThat(keys.verify(null)).isEmpty();
        assertThat(keys.verify("")).isEmpty();
        assertThat(keys.verify("NYKB1234")).isEmpty();
        assertThat(keys.verify("NYKB1234.")).isEmpty();
        assertThat(keys.verify(".abc")).isEmpty();
    }
}
