package dsms.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class UdpEndpointTest {

    @Test
    void shouldCarryDatagramsBetweenTwoLoopbackEndpoints() throws Exception {
        InetSocketAddress anyLoopbackPort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (UdpEndpoint sender = UdpEndpoint.bind(anyLoopbackPort);
                UdpEndpoint receiver = UdpEndpoint.bind(anyLoopbackPort)) {
            sender.send(ByteBuffer.wrap(new byte[] {4, 2}), receiver.localAddress());
            ByteBuffer buffer = ByteBuffer.allocate(64);
            SocketAddress source = null;
            for (int attempt = 0; attempt < 50 && source == null; attempt++) {
                receiver.await(100);
                source = receiver.receive(buffer);
            }
            assertThat(source).isEqualTo(sender.localAddress());
            assertThat(buffer.remaining()).isEqualTo(2);
            assertThat(buffer.get()).isEqualTo((byte) 4);
        }
    }

    @Test
    void shouldReturnNullWhenNothingWaits() throws Exception {
        try (UdpEndpoint endpoint = UdpEndpoint.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            endpoint.await(0);
            assertThat(endpoint.receive(ByteBuffer.allocate(16))).isNull();
        }
    }
}
