package dsms.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OperationCompleterTest {
    @Test
    void firstWordCompletesToOperationsAndShellCommands() {
        assertThat(OperationCompleter.candidateWords(List.of(""), 0)).containsExactly("addShare", "removeShare",
                "listShareAvailability", "purchaseShare", "getShares", "sellShare", "swapShares", "help", "quit", "exit");
    }

    @Test
    void shareTypePositionsCompleteToShareTypes() {
        assertThat(OperationCompleter.candidateWords(List.of("purchaseShare", "NYKM100226", ""), 2))
                .containsExactly("EQUITY", "BONUS", "DIVIDEND");
        assertThat(OperationCompleter.candidateWords(List.of("swapShares", "A", "B", "C", ""), 4))
                .containsExactly("EQUITY", "BONUS", "DIVIDEND");
        assertThat(OperationCompleter.candidateWords(List.of("sellShare", "A", "5", ""), 3))
                .containsExactly("EQUITY", "BONUS", "DIVIDEND");
    }

    @Test
    void otherPositionsOfferNothing() {
        assertThat(OperationCompleter.candidateWords(List.of("purchaseShare", ""), 1)).isEmpty();
        assertThat(OperationCompleter.candidateWords(List.of("purchaseShare", "A", "B", ""), 3)).isEmpty();
        assertThat(OperationCompleter.candidateWords(List.of("getShares", ""), 1)).isEmpty();
        assertThat(OperationCompleter.candidateWords(List.of("bogus", ""), 1)).isEmpty();
    }
}
