package io.drift.server;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The server's own transport threads: one thread accepting connections and {@code threads}
 * event loops serving them (epoll on Linux, NIO elsewhere).
 *
 * <p>Without them the server would take grpc-java's process-wide default loops, which every
 * channel a client opens in the same process also takes: a client's answers would then wait
 * behind searches running inline on a loop they happen to share (see {@link TransportDispatch}).
 */
final class EventLoops {

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> channelType;

    EventLoops(int threads) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("drift-accept", true), io);
        this.workers = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("drift-transport", true), io);
    }

    /** Makes the builder's server use these loops (it leaves them running when it stops). */
    NettyServerBuilder applyTo(NettyServerBuilder builder) {
        return builder.channelType(channelType).bossEventLoopGroup(boss).workerEventLoopGroup(workers);
    }

    /** Stops the threads, after the server that used them has terminated. */
    void shutdown() {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
