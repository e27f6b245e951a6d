package io.lockbench.harness.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.HdrHistogram.Histogram;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** The gate's reports as the tools that read them see them: a GFM renderer, an XML parser and a schema validator. */
class GateReportFormatTest {

    private static List<Histogram> blocks(long medianNanos, double scale, long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<Histogram> blocks = new ArrayList<>();
        for (int b = 0; b < 12; b++) {
            Histogram h = new Histogram(3);
            for (int i = 0; i < 400; i++) {
                h.recordValue((long) (medianNanos * scale * Math.exp(random.nextGaussian() * 0.3)));
            }
            blocks.add(h);
        }
        return blocks;
    }

    private static final GateDesign DESIGN = new GateDesign(0.10, 0.05, 3, 2);

    private static GateResult gate(List<GateDesign.Comparison> entries, double seconds) {
        return new GateResult(
                "quick-gate",
                "HEAD~1 (349bd0b64d4d)",
                "current code (e8800ef75a4f)",
                12,
                12,
                DESIGN,
                2,
                entries,
                List.of(
                        new BlockLoad("baseline-01", 5.2, 0.05, 0, 0.4),
                        new BlockLoad("candidate-01", 5.3, 1.9, 0, 2.4)),
                List.of(),
                "decided at look 2 of 2 (8 blocks a side)",
                seconds);
    }

    private static GateResult gate() {
        GateDesign.Comparison regression = DESIGN.decide(
                "import", "wait", P99Ratio.estimate(blocks(20_000_000, 1, 1), blocks(20_000_000, 1.6, 2), true));
        List<Histogram> same = blocks(20_000_000, 1, 3);
        GateDesign.Comparison pass = DESIGN.decide("list_all", "latency", P99Ratio.estimate(same, same, true));
        return gate(List.of(regression, pass), 61.5);
    }

    @Test
    void gateMarkdownRendersAsGitHubFlavouredTablesWithTheDecisionAndBothBuilds() {
        String md = GateReport.markdown(gate());
        Parser parser =
                Parser.builder().extensions(List.of(TablesExtension.create())).build();
        String html = HtmlRenderer.builder()
                .extensions(List.of(TablesExtension.create()))
                .build()
                .render(parser.parse(md));
        assertThat(html.split("<table>", -1)).hasSize(2);
        assertThat(html)
                .contains(
                        "<strong>REGRESSION</strong>",
                        "<code>HEAD~1 (349bd0b64d4d)</code>",
                        "<code>current code (e8800ef75a4f)</code>",
                        "tolerance 10%",
                        "Bonferroni",
                        "decided at look 2 of 2",
                        "1 of 2 blocks ran beside other work",
                        "candidate-01: other processes 1.90 cores");
        assertThat(html).contains("<td>import</td>", "<td>list_all</td>").doesNotContain("\\_");
        String firstTable = html.substring(html.indexOf("<table>"), html.indexOf("</table>"));
        assertThat(firstTable.split("<tr>", -1))
                .as("header and one row per comparison")
                .hasSize(1 + 1 + 2);
    }

    @Test
    void junitXmlCarriesWhatCiReadersRequire() throws Exception {
        Document xml = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(GateReport.junitXml(gate()).getBytes(StandardCharsets.UTF_8)));
        Element suite = xml.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        for (String attribute : List.of("name", "tests", "failures", "errors", "skipped", "time")) {
            assertThat(suite.hasAttribute(attribute)).as(attribute).isTrue();
        }
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            assertThat(c.getAttribute("time")).matches("\\d+\\.\\d{3}");
            assertThat(c.getAttribute("name")).isNotEmpty();
            assertThat(c.getAttribute("classname")).isNotEmpty();
        }
        Element failure = (Element) suite.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("lockbench.LockWaitRegression");
        assertThat(failure.getAttribute("message")).contains("ratio");
    }

    private static void validate(String xml) throws Exception {
        Validator validator = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(GateReportFormatTest.class.getResource("/schemas/ci-junit-report.xsd"))
                .newValidator();
        validator.validate(new StreamSource(new StringReader(xml)));
    }

    @Test
    void junitXmlOfEveryVerdictValidatesAgainstTheJenkinsAndSurefireReportRules() throws Exception {
        P99Ratio.Estimate close = P99Ratio.estimate(
                blocks(20_000_000, 1, 5).subList(0, 3),
                blocks(20_000_000, 1.12, 6).subList(0, 3),
                true);
        GateDesign.Comparison inconclusive = DESIGN.decide("update \"entry\" <&> \u0007'", "latency", close);
        assertThat(inconclusive.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        GateResult g = gate();
        List<GateDesign.Comparison> entries = new ArrayList<>(g.entries());
        entries.add(inconclusive);
        GateResult all = gate(entries, 12_345.6789);
        String xml = GateReport.junitXml(all);
        assertThat(xml).contains("<failure", "<skipped", "<system-out>");
        validate(xml);
        validate(GateReport.junitXml(gate(List.of(), 0)));
    }

    @Test
    void theReportSchemaRejectsWhatCiReadersRefuse() {
        String valid = "<testsuite name=\"s\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"1.000\">"
                + "<testcase name=\"c\" time=\"1.000\"><failure type=\"t\" message=\"m\"/></testcase></testsuite>";
        assertThatCode(() -> validate(valid)).doesNotThrowAnyException();
        for (String broken : List.of(
                valid.replace(" errors=\"0\"", ""),
                valid.replace(" type=\"t\"", ""),
                valid.replace("<testcase name=\"c\" time=\"1.000\">", "<testcase name=\"c\">"),
                valid.replace("time=\"1.000\">", "time=\"1,5\">"),
                valid.replace("time=\"1.000\">", "time=\"0.0001\">"))) {
            assertThatThrownBy(() -> validate(broken)).as(broken).isInstanceOf(SAXException.class);
        }
    }
}
