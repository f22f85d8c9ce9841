package scenario

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
	"go.yaml.in/yaml/v3"
)

// TransactionModes are the values of Django's SQLite "transaction_mode"
// option (Django 5.1 and later), which a connection may set.
var TransactionModes = []string{"DEFERRED", "IMMEDIATE", "EXCLUSIVE"}

// FlippablePragmas are the pragmas a scenario may offer to flip. Each
// changes what a scenario's steps answer without leaving the sandbox.
var FlippablePragmas = []string{"case_sensitive_like", "foreign_keys", "recursive_triggers", "reverse_unordered_selects"}

// flips reads the front matter's "flips": a mapping from a setting to the
// value a reader may flip it to, in order.
//
//	flips:
//	  case_sensitive_like: "ON"
//	  transaction_mode: IMMEDIATE
func (f *frontMatter) flips(n *yaml.Node) []wire.Flip {
	if !f.kind(n, yaml.MappingNode, "flips") {
		return nil
	}
	var out []wire.Flip
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		if slices.ContainsFunc(out, func(x wire.Flip) bool { return x.Name == name }) {
			f.errorAt(k, "flip %q listed twice", name)
			continue
		}
		var value, label string
		switch {
		case name == "storage":
			value = f.oneOf(v, StorageMemdb, StorageMVCC)
			label = "storage " + value
		case name == "busy_timeout":
			value = strconv.FormatInt(f.number(v, 0, MaxBusyTimeoutMs), 10)
			label = "busy_timeout " + value + " ms on every connection"
		case name == "transaction_mode":
			value = f.oneOf(v, TransactionModes...)
			label = `Django's "transaction_mode": "` + value + `" (BEGIN ` + value + `) on every connection`
		case slices.Contains(FlippablePragmas, name):
			value = f.word(v)
			label = "PRAGMA " + name + " = " + value + " on every connection"
		default:
			f.errorAt(k, "%q cannot be flipped (known: storage, busy_timeout, transaction_mode, %s)", name, strings.Join(FlippablePragmas, ", "))
			continue
		}
		if value != "" {
			out = append(out, wire.Flip{Name: name, Value: value, Label: label})
		}
	}
	return out
}

// Flipped returns the flip called name and a copy of sc with it applied
// to every connection: the scenario a second SQLite lane plays. sc is not
// changed.
func Flipped(sc *Scenario, name string) (wire.Flip, *Scenario, error) {
	i := slices.IndexFunc(sc.Meta.Flips, func(x wire.Flip) bool { return x.Name == name })
	if i < 0 {
		return wire.Flip{}, nil, fmt.Errorf("scenario %s offers no flip %q", sc.ID, name)
	}
	flip := sc.Meta.Flips[i]
	out := *sc
	out.Meta.Connections = slices.Clone(sc.Meta.Connections) // the parser put default first
	conns := out.Meta.Connections
	for j := range conns {
		c := &conns[j]
		switch flip.Name {
		case "storage":
		case "busy_timeout":
			c.BusyTimeoutMs, _ = strconv.ParseInt(flip.Value, 10, 64)
		case "transaction_mode":
			c.TransactionMode = flip.Value
		default: // a pragma: after the connection's own, so it wins
			c.Pragmas = append(slices.Clip(c.Pragmas), wire.Setting{Name: flip.Name, Value: flip.Value})
		}
	}
	if flip.Name == "storage" {
		out.Meta.Storage = flip.Value
	}
	return flip, &out, nil
}
