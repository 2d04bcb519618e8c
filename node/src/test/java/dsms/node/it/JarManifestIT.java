package dsms.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** What the packaged jar's manifest promises the JVM that runs it. */
class JarManifestIT {
    @Test
    void shouldAllowNativeAccessSoThatNewerJdksLoadThePageCacheHintsWithoutAWarning() throws IOException {
        // JDK 22 and later print a warning when code in an unnamed module loads a native library
        // (JNA, for PageCache) unless the jar's manifest allows it; JDK 17 ignores the entry.
        try (JarFile jar = new JarFile(LocalCluster.jar().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();

            assertThat(main.getValue("Main-Class")).isEqualTo("dsms.node.cli.DsmsCommand");
            assertThat(main.getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
        }
    }
}
