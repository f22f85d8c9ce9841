package record

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dbquirks/dbquirks/internal/wire"
)

// Folder is where recordings live, inside the scenarios folder.
const Folder = "recorded"

// Path is the file of a scenario's recording on a lane:
// DIR/recorded/ID.LANE.json.
func Path(dir, id, lane string) string {
	return filepath.Join(dir, Folder, id+"."+lane+".json")
}

// Encode writes a recording as indented JSON with a final newline. Struct
// fields keep their declared order and no maps are written, so the same
// recording always gives the same bytes.
func Encode(rec *wire.Recording) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rec); err != nil {
		panic("record: a recording always encodes: " + err.Error())
	}
	return b.Bytes()
}

// Decode reads a recording, refusing unknown fields and other versions: a
// hand-edited file with a misspelt field must not pass as recorded.
func Decode(data []byte) (*wire.Recording, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var rec wire.Recording
	if err := dec.Decode(&rec); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("more than one JSON value")
	}
	if rec.Version != wire.RecordingVersion {
		return nil, fmt.Errorf("recording version %d, this dbquirks reads version %d", rec.Version, wire.RecordingVersion)
	}
	return &rec, nil
}

// load reads a stored recording; nil without error when there is none.
func load(path string) (*wire.Recording, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rec, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rec, nil
}

// stored lists the recordings in DIR/recorded as scenario id and lane.
func stored(dir string) ([][2]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, Folder, "*.json"))
	if err != nil {
		return nil, err
	}
	var out [][2]string
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".json")
		dot := strings.LastIndexByte(base, '.')
		if dot < 0 {
			out = append(out, [2]string{base, ""})
			continue
		}
		out = append(out, [2]string{base[:dot], base[dot+1:]})
	}
	return out, nil
}
