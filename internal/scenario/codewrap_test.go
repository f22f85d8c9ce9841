package scenario

import (
	"strings"
	"testing"
)

// marked shows CodePieces(code) as one string: "·" where a line may break,
// "⟦…⟧" around a piece kept whole.
func marked(code string) string {
	var b strings.Builder
	for _, p := range CodePieces(code) {
		if p.Break {
			b.WriteString("·")
		}
		if p.Whole {
			b.WriteString("⟦" + p.Text + "⟧")
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

func TestCodePieces(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", ""},
		{"one word", "max_digits", "max_digits"},
		{"a name a line may not hold", "shop_booking_at_most_one_confirmed_per_day", "shop_·booking_·at_·most_·one_·confirmed_·per_·day"},
		{"its double underscores", "uniq__constraint_name_for_each_confirmed_booking", "uniq__·constraint_·name_·for_·each_·confirmed_·booking"},
		{"a long name in a call", "get(shop_booking_at_most_one_confirmed_per_day=1)", "get(·shop_·booking_·at_·most_·one_·confirmed_·per_·day=·1)"},
		{"a name of 33 runes", "supports_deferrable_unique_constr", "supports_·deferrable_·unique_·constr"},
		{"a name of 32 runes", "supports_deferrable_unique_const", "supports_deferrable_unique_const"},
		{"a setting's name", "sql_mode STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO", "sql_mode STRICT_TRANS_TABLES,·ERROR_FOR_DIVISION_BY_ZERO"},
		{"decimals", "Decimal('0.1') + Decimal('0.2')", "Decimal(·'0.1') + Decimal(·'0.2')"},
		{"a call chain", `Tag.objects.get(name="django   ")`, `Tag·.objects·.get(·name=·"django   ")`},
		{"chain after a call", "qs.filter(x=1).first()", "qs·.filter(·x=·1)·.first()"},
		{"keyword arguments", "max_digits=5, decimal_places=2", "max_digits=·5, decimal_places=·2"},
		{"options line", `params="'django '" changes=1 quirk expect.postgres=ok`, `params=·"'django '" changes=·1 quirk expect·.postgres=·ok`},
		{"exponent", "1e-3", "⟦1e-3⟧"},
		{"exponent after =", "x=1e-3", "x=·⟦1e-3⟧"},
		{"exponent with a plus", "1.5E+10", "⟦1.5E+10⟧"},
		{"plain decimal needs no span", "0.125", "0.125"},
		{"decimal then name", "1.5.real", "1.5.real"},
		{"digits in a name", "col1.name", "col1·.name"},
		{"date", "'2024-12-31'", "'⟦2024-12-31⟧'"},
		{"date and time", "'2024-12-31 23:30:00+01:00'", "'⟦2024-12-31⟧ ⟦23:30:00+01:00⟧'"},
		{"placeholder", "%(name)s", "⟦%(name)s⟧"},
		{"placeholder after a name", "UNIQUE%(nulls_distinct)s", "UNIQUE·⟦%(nulls_distinct)s⟧"},
		{"placeholders", "%(app_label)s_%(class)s", "⟦%(app_label)s⟧_·⟦%(class)s⟧"},
		{"not a placeholder", "'?am%'", "'?am%'"},
		{"format %s", "WHERE x = %s", "WHERE x = %s"},
		{"empty call", "now()", "now()"},
		{"comparison", "a==b", "a==·b"},
		{"less or equal", "a<=b", "a<=·b"},
		{"url", "https://example.com/a/b", "https://·example·.com/·a/·b"},
		{"list", "[1,2]", "[·1,·2]"},
		{"dict", `{"a": 1}`, `{·"a": 1}`},
		{"statement", "BEGIN;COMMIT", "BEGIN;·COMMIT"},
		{"subtraction", "n-1", "n-1"},
		{"long number", "1-2-3-4-5-6-7-8-9-10-11-12-13", "1-2-3-4-5-6-7-8-9-10-11-12-13"},
		{"letters", "é.ü", "é·.ü"},
	} {
		if got := marked(tc.in); got != tc.want {
			t.Errorf("%s: CodePieces(%q)\n got %s\nwant %s", tc.name, tc.in, got, tc.want)
		}
	}
}

// TestCodePiecesKeepText: the pieces put together are the code, whatever
// it is.
func TestCodePiecesKeepText(t *testing.T) {
	for _, in := range []string{"", "a", "%(", "%(a)", "1-", "-1", "a.", ".a", "x\u00a0y", "\xff(1e-3", "日本.語(1)"} {
		var b strings.Builder
		for _, p := range CodePieces(in) {
			b.WriteString(p.Text)
		}
		if b.String() != in {
			t.Errorf("CodePieces(%q) put together is %q", in, b.String())
		}
	}
}

func TestWriteCode(t *testing.T) {
	var b strings.Builder
	WriteCode(&b, `f(x="<script>&", d='2024-12-31')`, strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;"))
	want := `f(<wbr>x=<wbr>&quot;&lt;script&gt;&amp;&quot;, d=<wbr>'<span class="whole">2024-12-31</span>')`
	if b.String() != want {
		t.Errorf("WriteCode\n got %s\nwant %s", b.String(), want)
	}
}

// TestProseCodeSpan: inline code in prose gets its break points, and what
// it holds stays text, whatever it is.
func TestProseCodeSpan(t *testing.T) {
	sc := mustParse(t, "Read `<script>alert(1)</script> & Tag.objects` and `a\nb`.\n\n```sql\nSELECT 1\n```\n")
	got := sc.Document().Steps[0].ExplanationHTML
	want := "<p>Read <code>&lt;script&gt;alert(<wbr>1)&lt;/<wbr>script&gt; &amp; Tag<wbr>.objects</code> and <code>a b</code>.</p>\n"
	if got != want {
		t.Errorf("ExplanationHTML\n got %q\nwant %q", got, want)
	}
}

// FuzzCodePieces: whatever the code, its pieces put together are the code,
// no piece is empty, and none starts with a break but the first cannot.
func FuzzCodePieces(f *testing.F) {
	for _, s := range []string{"Decimal('0.1') + Decimal('0.2')", `Tag.objects.get(name="django   ")`, "%(name)s", "1e-3", "2024-12-31 23:59:59.999999+01:00", "\xff(1e-3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		var b strings.Builder
		for i, p := range CodePieces(code) {
			if p.Text == "" {
				t.Fatalf("CodePieces(%q): piece %d is empty", code, i)
			}
			if i == 0 && p.Break {
				t.Fatalf("CodePieces(%q): a break before the first piece", code)
			}
			b.WriteString(p.Text)
		}
		if b.String() != code {
			t.Fatalf("CodePieces(%q) put together is %q", code, b.String())
		}
	})
}
