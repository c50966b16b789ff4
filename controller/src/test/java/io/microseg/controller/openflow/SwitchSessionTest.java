package io.microseg.controller.openflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFBundleAddMsg;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlMsg;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlType;
import org.projectfloodlight.openflow.protocol.OFBundleFailedCode;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowModFailedCode;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

class SwitchSessionTest {

    private static List<OFMessage> flows(FakeSwitch sw, int n) {
        return IntStream.range(0, n).<OFMessage>mapToObj(i -> sw.factory.buildFlowAdd()
                .setTableId(TableId.of(1)).setPriority(100 + i).build()).toList();
    }

    @Test
    void sendCompletesOnlyWhenTheBarrierAfterTheBatchIsAnswered() {
        FakeSwitch sw = FakeSwitch.connected(OFVersion.OF_13);
        sw.drain();
        CompletableFuture<Void> done = sw.session().send(flows(sw, 3));
        List<OFMessage> sent = sw.drain();
        assertThat(sent).hasSize(4);
        assertThat(sent.subList(0, 3)).allMatch(m -> m instanceof OFFlowAdd);
        assertThat(sent.get(3)).isInstanceOf(OFBarrierRequest.class);
        assertThat(sent).extracting(OFMessage::getXid).doesNotHaveDuplicates();
        assertThat(done).isNotDone();
        sw.sw(sw.factory.buildBarrierReply().setXid(sent.get(3).getXid()).build());
        assertThat(done).isCompleted();
    }

    @Test
    void switchErrorIsMatchedByXidToTheMessageThatCausedIt() {
        FakeSwitch sw = FakeSwitch.connected(OFVersion.OF_13);
        sw.drain();
        CompletableFuture<Void> done = sw.session().send(flows(sw, 3));
        List<OFMessage> sent = sw.drain();
        OFMessage bad = sent.get(1);
        sw.sw(sw.factory.errorMsgs().buildFlowModFailedErrorMsg().setXid(bad.getXid())
                .setCode(OFFlowModFailedCode.BAD_TABLE_ID).build());
        assertThat(done).isNotDone();
        sw.sw(sw.factory.buildBarrierReply().setXid(sent.get(3).getXid()).build());
        assertThatThrownBy(done::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SwitchRequestException.class);
        SwitchRequestException failure = (SwitchRequestException) done.handle((ok, e) -> e).join();
        assertThat(failure.errors()).hasSize(1);
        assertThat(failure.errors().get(0).cause()).isEqualTo(bad);
        assertThat(((OFFlowAdd) failure.errors().get(0).cause()).getPriority()).isEqualTo(101);
    }

    @Test
    void disconnectFailsEverythingOutstanding() {
        FakeSwitch sw = FakeSwitch.connected(OFVersion.OF_13);
        sw.drain();
        CompletableFuture<Void> done = sw.session().send(flows(sw, 2));
        sw.channel.close();
        sw.channel.runPendingTasks();
        assertThat(done).isCompletedExceptionally();
        assertThat(sw.session().send(flows(sw, 1))).isCompletedExceptionally();
    }

    @Test
    void bundleIsCommittedWhenNothingWasRefused() {
        FakeSwitch sw = FakeSwitch.connected(OFVersion.OF_14);
        sw.drain();
        CompletableFuture<Void> done = sw.session().sendBundle(flows(sw, 2));
        List<OFMessage> sent = sw.drain();
        assertThat(sent).hasSize(4);
        OFBundleCtrlMsg open = (OFBundleCtrlMsg) sent.get(0);
        assertThat(open.getBundleCtrlType()).isEqualTo(OFBundleCtrlType.OPEN_REQUEST);
        OFBundleAddMsg add = (OFBundleAddMsg) sent.get(1);
        assertThat(add.getData().getXid()).as("inner xid equals BUNDLE_ADD xid").isEqualTo(add.getXid());
        assertThat(add.getBundleId()).isEqualTo(open.getBundleId());
        sw.sw(sw.factory.buildBundleCtrlMsg().setXid(open.getXid()).setBundleId(open.getBundleId())
                .setBundleCtrlType(OFBundleCtrlType.OPEN_REPLY).build());
        sw.sw(sw.factory.buildBarrierReply().setXid(sent.get(3).getXid()).build());
        OFBundleCtrlMsg commit = (OFBundleCtrlMsg) sw.read();
        assertThat(commit.getBundleCtrlType()).isEqualTo(OFBundleCtrlType.COMMIT_REQUEST);
        assertThat(done).isNotDone();
        sw.sw(sw.factory.buildBundleCtrlMsg().setXid(commit.getXid()).setBundleId(commit.getBundleId())
                .setBundleCtrlType(OFBundleCtrlType.COMMIT_REPLY).build());
        assertThat(done).isCompleted();
    }

    @Test
    void bundleWithARefusedMessageIsDiscardedNotCommitted() {
        FakeSwitch sw = FakeSwitch.connected(OFVersion.OF_14);
        sw.drain();
        CompletableFuture<Void> done = sw.session().sendBundle(flows(sw, 2));
        List<OFMessage> sent = sw.drain();
        sw.sw(sw.factory.errorMsgs().buildFlowModFailedErrorMsg().setXid(sent.get(2).getXid())
                .setCode(OFFlowModFailedCode.BAD_TABLE_ID).build());
        sw.sw(sw.factory.buildBarrierReply().setXid(sent.get(3).getXid()).build());
        OFBundleCtrlMsg next = (OFBundleCtrlMsg) sw.read();
        assertThat(next.getBundleCtrlType()).isEqualTo(OFBundleCtrlType.DISCARD_REQUEST);
        assertThat(done).isCompletedExceptionally();
    }

    @Test
    void failedCommitFailsTheBundle() {
        FakeSwitch sw = FakeSwitch.connected(OFVersion.OF_14);
        sw.drain();
        CompletableFuture<Void> done = sw.session().sendBundle(flows(sw, 1));
        List<OFMessage> sent = sw.drain();
        sw.sw(sw.factory.buildBarrierReply().setXid(sent.get(2).getXid()).build());
        OFBundleCtrlMsg commit = (OFBundleCtrlMsg) sw.read();
        sw.sw(sw.factory.errorMsgs().buildBundleFailedErrorMsg().setXid(commit.getXid())
                .setCode(OFBundleFailedCode.MSG_FAILED).build());
        assertThat(done).isCompletedExceptionally();
    }

    @Test
    void flowStatsGathersEveryPartOfAMultipartReply() {
        FakeSwitch sw = FakeSwitch.connected(OFVersion.OF_13);
        sw.drain();
        CompletableFuture<List<OFFlowStatsEntry>> done = sw.session().flowStats(sw.factory.buildFlowStatsRequest().build());
        OFMessage request = sw.read();
        OFFlowStatsEntry entry = sw.factory.buildFlowStatsEntry().setTableId(TableId.of(0)).setCookie(U64.of(5)).build();
        sw.sw(sw.factory.buildFlowStatsReply().setXid(request.getXid()).setFlags(Set.of(OFStatsReplyFlags.REPLY_MORE))
                .setEntries(List.of(entry, entry)).build());
        assertThat(done).isNotDone();
        sw.sw(sw.factory.buildFlowStatsReply().setXid(request.getXid()).setEntries(List.of(entry)).build());
        assertThat(done.join()).hasSize(3);
    }

    @Test
    void unparsableReplyFailsTheRequestThatWaitedForIt() {
        FakeSwitch sw = FakeSwitch.connected(OFVersion.OF_13);
        sw.drain();
        CompletableFuture<List<OFFlowStatsEntry>> done = sw.session().flowStats(sw.factory.buildFlowStatsRequest().build());
        OFMessage request = sw.read();
        sw.channel.writeInbound(new UnparsableMessage(4, 19, 200, request.getXid(), "unknown Nicira action subtype 34"));
        assertThat(done).isCompletedExceptionally();
        assertThat(sw.channel.isOpen()).isTrue();
    }
}
