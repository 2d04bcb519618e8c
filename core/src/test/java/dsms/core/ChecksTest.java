package dsms.core;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChecksTest {
    @Test
    void shouldPassSilentlyWhateverTheArguments() {
        assertThatCode(() -> {
            Checks.check(true, "plain");
            Checks.check(true, "%d", 1L);
            Checks.check(true, "%d %d", 1L, 2L);
            Checks.check(true, "%d %d %d", 1L, 2L, 3L);
            Checks.check(true, "%s", "value");
            Checks.check(true, "%s %d", "value", 4);
        }).doesNotThrowAnyException();
    }

    @Test
    void shouldFormatTheMessageOfEveryOverloadOnFailure() {
        assertThatThrownBy(() -> Checks.check(false, "plain")).isInstanceOf(InvariantViolation.class).hasMessageEndingWith(": plain");
        assertThatThrownBy(() -> Checks.check(false, "entry %d", 7L)).hasMessageEndingWith(": entry 7");
        assertThatThrownBy(() -> Checks.check(false, "%d follows %d", 8L, 7L)).hasMessageEndingWith(": 8 follows 7");
        assertThatThrownBy(() -> Checks.check(false, "%d-%d at %d", 1L, 2L, 3L)).hasMessageEndingWith(": 1-2 at 3");
        assertThatThrownBy(() -> Checks.check(false, "request %s", "5-6")).hasMessageEndingWith(": request 5-6");
        assertThatThrownBy(() -> Checks.check(false, "%s and %d", "a", 9)).isInstanceOf(InvariantViolation.class)
                .hasMessageEndingWith(": a and 9");
    }
}
