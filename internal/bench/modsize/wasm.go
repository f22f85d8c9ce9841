package main

import (
	"bytes"
	"errors"
	"fmt"
)

// module is what modsize reads of a WebAssembly module: each function
// body with its name, the data section, and the size of every section.
type module struct {
	funcs    []function
	data     []byte
	sections map[string]int // bytes by section name ("code", "data", "custom name", …)
}

type function struct {
	name string // from the name section; "" when it has none
	body []byte
}

var sectionNames = map[byte]string{0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory",
	6: "global", 7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "data count"}

// parse reads b as a WebAssembly module (the binary format's version 1).
// It reads what it needs and skips the rest by section size, and fails on
// anything out of bounds rather than guessing.
func parse(b []byte) (*module, error) {
	if !bytes.HasPrefix(b, []byte("\x00asm\x01\x00\x00\x00")) {
		return nil, errors.New("not a WebAssembly module (version 1)")
	}
	m := &module{sections: map[string]int{}}
	var imported uint64
	names := map[uint64]string{}
	r := reader{b: b, at: 8}
	for r.at < len(r.b) {
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.uleb()
		if err != nil {
			return nil, err
		}
		body, err := r.take(size)
		if err != nil {
			return nil, fmt.Errorf("section %d: %w", id, err)
		}
		name, ok := sectionNames[id]
		if !ok {
			return nil, fmt.Errorf("unknown section id %d", id)
		}
		s := reader{b: body}
		switch id {
		case 0:
			custom, err := s.name()
			if err != nil {
				return nil, fmt.Errorf("custom section: %w", err)
			}
			name += " " + custom
			if custom == "name" {
				if err := readNames(s, names); err != nil {
					return nil, fmt.Errorf("name section: %w", err)
				}
			}
		case 2:
			if imported, err = countFuncImports(s); err != nil {
				return nil, fmt.Errorf("import section: %w", err)
			}
		case 10:
			if m.funcs, err = readBodies(s); err != nil {
				return nil, fmt.Errorf("code section: %w", err)
			}
		case 11:
			m.data = body
		}
		m.sections[name] += len(body)
	}
	for i := range m.funcs {
		m.funcs[i].name = names[imported+uint64(i)]
	}
	return m, nil
}

// countFuncImports counts the imports that are functions: they come first
// in the function index space, before the bodies of the code section.
func countFuncImports(r reader) (uint64, error) {
	n, err := r.uleb()
	if err != nil {
		return 0, err
	}
	var funcs uint64
	for range n {
		for range 2 { // module and field names
			if _, err := r.name(); err != nil {
				return 0, err
			}
		}
		kind, err := r.byte()
		if err != nil {
			return 0, err
		}
		switch kind {
		case 0: // function: its type index
			funcs++
			_, err = r.uleb()
		case 1: // table: element type, limits
			if _, err = r.byte(); err == nil {
				err = r.limits()
			}
		case 2: // memory: limits
			err = r.limits()
		case 3: // global: value type, mutability
			_, err = r.take(2)
		default:
			err = fmt.Errorf("unknown import kind %d", kind)
		}
		if err != nil {
			return 0, err
		}
	}
	return funcs, nil
}

func readBodies(r reader) ([]function, error) {
	n, err := r.uleb()
	if err != nil {
		return nil, err
	}
	var out []function
	for range n {
		size, err := r.uleb()
		if err != nil {
			return nil, err
		}
		body, err := r.take(size)
		if err != nil {
			return nil, err
		}
		out = append(out, function{body: body})
	}
	return out, nil
}

// readNames reads the function names (subsection 1) of a name section.
func readNames(r reader, names map[uint64]string) error {
	for r.at < len(r.b) {
		sub, err := r.byte()
		if err != nil {
			return err
		}
		size, err := r.uleb()
		if err != nil {
			return err
		}
		body, err := r.take(size)
		if err != nil {
			return err
		}
		if sub != 1 {
			continue
		}
		s := reader{b: body}
		n, err := s.uleb()
		if err != nil {
			return err
		}
		for range n {
			idx, err := s.uleb()
			if err != nil {
				return err
			}
			name, err := s.name()
			if err != nil {
				return err
			}
			names[idx] = name
		}
	}
	return nil
}

// reader reads the binary format's values from b, failing past its end.
type reader struct {
	b  []byte
	at int
}

var errShort = errors.New("unexpected end")

func (r *reader) byte() (byte, error) {
	if r.at >= len(r.b) {
		return 0, errShort
	}
	r.at++
	return r.b[r.at-1], nil
}

// uleb reads an unsigned LEB128 number of at most 64 bits.
func (r *reader) uleb() (uint64, error) {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v, nil
		}
	}
	return 0, errors.New("LEB128 number too long")
}

func (r *reader) take(n uint64) ([]byte, error) {
	if n > uint64(len(r.b)-r.at) {
		return nil, errShort
	}
	r.at += int(n)
	return r.b[r.at-int(n) : r.at], nil
}

func (r *reader) name() (string, error) {
	n, err := r.uleb()
	if err != nil {
		return "", err
	}
	b, err := r.take(n)
	return string(b), err
}

// limits skips a table's or memory's limits: a flag, a minimum and, when
// the flag says so, a maximum.
func (r *reader) limits() error {
	flag, err := r.byte()
	if err != nil {
		return err
	}
	if _, err := r.uleb(); err != nil {
		return err
	}
	if flag&1 != 0 {
		_, err = r.uleb()
	}
	return err
}
