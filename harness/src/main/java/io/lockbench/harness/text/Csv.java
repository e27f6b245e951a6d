package io.lockbench.harness.text;

/** RFC 4180 fields, with formula-looking cells defused for spreadsheets. */
public final class Csv {

    private Csv() {}

    public static String field(String value) {
        String v = value == null ? "" : value;
        // A cell starting with = + - @ would run as a formula in a spreadsheet.
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !v.matches("-?\\d+(\\.\\d+)?")) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(value)) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
