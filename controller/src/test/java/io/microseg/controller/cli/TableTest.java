package io.microseg.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    private static JsonNode json(String singleQuoted) throws IOException {
        return Output.JSON.readTree(singleQuoted.replace('\'', '"'));
    }

    @Test
    void padsColumnsToTheWidestCellWithoutTrailingSpaces() {
        String text = Table.of("NAME", "LABELS", "X").with("web", "app=web,env=prod", "").with("database", "<none>", "7")
                .render();
        assertThat(text).isEqualTo("""
                NAME       LABELS             X
                web        app=web,env=prod
                database   <none>             7
                """);
    }

    @Test
    void refusesRowsOfTheWrongWidth() {
        assertThatThrownBy(() -> Table.of("A", "B").with("only one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void workloadsShowNamespaceIpsLocationAndLabels() throws IOException {
        List<JsonNode> items = List.of(json("{'namespace':'prod','name':'web1','labels':{'app':'web'},"
                + "'ips':['10.0.0.1','10.0.0.2'],'mac':'00:00:00:00:00:01','location':{'dpid':'00:00:00:00:00:00:00:01',"
                + "'port':3},'resourceVersion':'4'}"), json("{'namespace':'prod','name':'db1'}"));
        assertThat(ObjectTables.of(ObjectKind.WORKLOAD, items).render()).isEqualTo("""
                NAMESPACE   NAME   IPS                 MAC                 LOCATION                         LABELS    RESOURCEVERSION
                prod        web1   10.0.0.1,10.0.0.2   00:00:00:00:00:01   00:00:00:00:00:00:00:01 port 3   app=web   4
                prod        db1    <none>              <none>              <none>                           <none>    <none>
                """);
    }

    @Test
    void policiesShowTierPriorityTargetsAndRuleCounts() throws IOException {
        JsonNode policy = json("{'name':'web-tier','tier':'application','priority':100,'appliedTo':[{'segment':'web'},"
                + "{'workloadSelector':{'matchLabels':{'app':'lb'}},'namespaceSelector':{}}],"
                + "'ingress':[{},{}],'staged':true,'resourceVersion':'9'}");
        assertThat(ObjectTables.of(ObjectKind.POLICY, List.of(policy)).rows()).containsExactly(List.of("web-tier",
                "application", "100", "segment/web;{app=lb} in ns {<all>}", "2", "0", "true", "9"));
    }

    @Test
    void selectorsReadLikeKubectl() throws IOException {
        assertThat(Cells.selector(json("{'matchLabels':{'app':'web'},'matchExpressions':["
                + "{'key':'tier','operator':'In','values':['a','b']},{'key':'env','operator':'NotIn','values':['dev']},"
                + "{'key':'pci','operator':'Exists'},{'key':'legacy','operator':'DoesNotExist'}]}")))
                .isEqualTo("app=web,tier in (a,b),env notin (dev),pci,!legacy");
        assertThat(Cells.selector(json("{}"))).isEqualTo("<all>");
        assertThat(Cells.selector(json("{}").path("missing"))).isEqualTo("<none>");
        assertThat(Cells.ipBlocks(json("[{'cidr':'10.0.0.0/8','except':['10.1.0.0/16']},{'cidr':'0.0.0.0/0'}]")))
                .isEqualTo("10.0.0.0/8 except 10.1.0.0/16;0.0.0.0/0");
    }

    @Test
    void tiersAreOneRowEach() throws IOException {
        JsonNode tiers = json("{'tiers':[{'name':'security','order':100},{'name':'application','order':300}],"
                + "'resourceVersion':0}");
        assertThat(ObjectTables.of(ObjectKind.TIERS, List.of(tiers)).rows())
                .containsExactly(List.of("security", "100", "0"), List.of("application", "300", "0"));
    }

    @Test
    void statusSaysWhichSwitchesAreBehind() throws IOException {
        JsonNode status = json("{'modelRevision':7,'allInSync':false,'switches':[{'dpid':'00:00:00:00:00:00:00:01',"
                + "'connected':true,'inSync':true,'appliedRevision':7,'lastBarrier':'2024-05-01T10:00:00Z'},"
                + "{'dpid':'00:00:00:00:00:00:00:02','connected':false,'inSync':false,'appliedRevision':5}]}");
        assertThat(NetworkTables.status(status)).isEqualTo("""
                model revision 7: NOT all switches in sync
                SWITCH                    CONNECTED   IN-SYNC   REVISION     LAST-BARRIER
                00:00:00:00:00:00:00:01   yes         yes       7            2024-05-01T10:00:00Z
                00:00:00:00:00:00:00:02   no          no        5 (behind)   <none>
                """);
        assertThat(NetworkTables.status(json("{'modelRevision':0,'switches':[]}")))
                .isEqualTo("model revision 0: no switches connected yet\n");
    }
}
