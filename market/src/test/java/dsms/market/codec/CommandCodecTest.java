package dsms.market.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.market.command.AddShare;
import dsms.market.command.Command;
import dsms.market.command.GetShares;
import dsms.market.command.ListShareAvailability;
import dsms.market.command.PurchaseShare;
import dsms.market.command.RemoveShare;
import dsms.market.command.SellShare;
import dsms.market.command.SwapShares;
import dsms.market.workload.Mix;
import dsms.market.workload.Universe;
import dsms.market.workload.WorkloadGenerator;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CommandCodecTest {
    private static final List<Command> EVERY_OPERATION =
            List.of(
                    new AddShare("NYKA0001", "NYKM100224", "EQUITY", 1_000_000_000),
                    new RemoveShare("nyka0001", "nykm100224", "bonus"),
                    new ListShareAvailability("LONB0002", "DIVIDEND"),
                    new PurchaseShare("TOKB0003", "TOKE311224", "EQUITY", Long.MIN_VALUE),
                    new GetShares("TOKB0003"),
                    new SellShare("TOKB0003", "TOKE311224", -1, null),
                    new SellShare("TOKB0003", "TOKE311224", 7, "Bonus"),
                    new SwapShares("NYKB0001", "NYKM100224", "EQUITY", "LONA010125", "DIVIDEND"),
                    new AddShare("ünïcode\u2028", "", "日本", 0));

    @Test
    void shouldRoundTripEveryOperation() {
        for (Command command : EVERY_OPERATION) {
            assertThat(CommandCodec.decode(CommandCodec.encode(command))).isEqualTo(new CommandDecoding.Decoded(command));
        }
    }

    @Test
    void shouldStartWithTheVersionByte() {
        assertThat(CommandCodec.encode(new GetShares("NYKB0001"))[0]).isEqualTo((byte) CommandCodec.VERSION);
    }

    @Test
    void shouldGiveEqualBytesForEqualCommandsAndDifferentBytesForDifferentOnes() {
        assertThat(CommandCodec.encode(new GetShares("NYKB0001"))).isEqualTo(CommandCodec.encode(new GetShares("NYKB0001")));
        assertThat(CommandCodec.encode(new SellShare("NYKB0001", "NYKM100224", 1, null)))
                .isNotEqualTo(CommandCodec.encode(new SellShare("NYKB0001", "NYKM100224", 1, "")));
    }

    @Test
    void shouldRoundTripGeneratedCommands() {
        WorkloadGenerator generator = new WorkloadGenerator(11, Universe.crowded(), Mix.FULL);
        for (int index = 0; index < 5_000; index++) {
            Command command = generator.next();
            assertThat(CommandCodec.decode(CommandCodec.encode(command))).isEqualTo(new CommandDecoding.Decoded(command));
        }
    }

    @Test
    void shouldRejectEveryTruncationOfAValidEncoding() {
        for (Command command : EVERY_OPERATION) {
            byte[] bytes = CommandCodec.encode(command);
            for (int length = 0; length < bytes.length; length++) {
                assertThat(CommandCodec.decode(Arrays.copyOf(bytes, length)))
                        .as("%s cut to %d bytes", command, length)
                        .isInstanceOf(CommandDecoding.Malformed.class);
            }
        }
    }

    @Test
    void shouldRejectTrailingBytesUnknownVersionsAndUnknownTags() {
        byte[] valid = CommandCodec.encode(new GetShares("NYKB0001"));
        assertThat(CommandCodec.decode(Arrays.copyOf(valid, valid.length + 1))).isInstanceOf(CommandDecoding.Malformed.class);
        byte[] badVersion = valid.clone();
        badVersion[0] = 2;
        assertThat(CommandCodec.decode(badVersion)).isInstanceOf(CommandDecoding.Malformed.class);
        byte[] badTag = valid.clone();
        badTag[1] = 42;
        assertThat(CommandCodec.decode(badTag)).isInstanceOf(CommandDecoding.Malformed.class);
        assertThat(CommandCodec.decode(null)).isInstanceOf(CommandDecoding.Malformed.class);
        assertThat(CommandCodec.decode(new byte[0])).isInstanceOf(CommandDecoding.Malformed.class);
    }

    @Test
    void shouldRejectInvalidUtf8HugeLengthsAndBadPresenceBytes() {
        byte[] valid = CommandCodec.encode(new GetShares("NYKB0001"));
        byte[] invalidUtf8 = valid.clone();
        invalidUtf8[6] = (byte) 0xC0;
        assertThat(CommandCodec.decode(invalidUtf8)).isInstanceOf(CommandDecoding.Malformed.class);
        byte[] hugeLength = valid.clone();
        hugeLength[2] = 0x7F;
        assertThat(CommandCodec.decode(hugeLength)).isInstanceOf(CommandDecoding.Malformed.class);
        byte[] sell = CommandCodec.encode(new SellShare("NYKB0001", "NYKM100224", 1, null));
        sell[sell.length - 1] = 2;
        assertThat(CommandCodec.decode(sell)).isInstanceOf(CommandDecoding.Malformed.class);
    }

    @Test
    void shouldNeverThrowOnRandomBytesOrRandomCorruptions() {
        SplittableRandom random = new SplittableRandom(5);
        for (int attempt = 0; attempt < 20_000; attempt++) {
            byte[] bytes;
            if (attempt % 2 == 0) {
                bytes = new byte[random.nextInt(40)];
                random.nextBytes(bytes);
            } else {
                bytes = CommandCodec.encode(EVERY_OPERATION.get(random.nextInt(EVERY_OPERATION.size())));
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            CommandDecoding decoding = CommandCodec.decode(bytes);
            if (decoding instanceof CommandDecoding.Decoded decoded) {
                assertThat(CommandCodec.encode(decoded.command())).as("decoding is canonical").isEqualTo(bytes);
            }
        }
    }
}
