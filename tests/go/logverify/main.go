// logverify: an independent verifier of an openkp transparency log, built only on Go's
// golang.org/x/mod/sumdb/note and sumdb/tlog (Debian golang-golang-x-mod-dev, GOPATH mode).
//
//	logverify BASE_URL VKEY [OLD_CHECKPOINT_FILE]
//
// It fetches BASE_URL/log/checkpoint and checks its signature with VKEY; reads every hash tile
// through tlog.TileHashReader, which authenticates each tile against the signed root; reads
// every entry bundle and checks each entry's record hash against the authenticated tiles;
// checks an inclusion proof for every entry; and, given an older checkpoint, checks that the
// new tree is consistent with it. Any failure exits 1 with the reason.
package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "logverify: "+format+"\n", args...)
	os.Exit(1)
}

func get(url string) []byte {
	resp, err := http.Get(url)
	if err != nil {
		fail("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		fail("GET %s: %s", url, resp.Status)
	}
	return body
}

type checkpoint struct {
	origin string
	tree   tlog.Tree
}

func openCheckpoint(msg []byte, verifier note.Verifier) checkpoint {
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint signature: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[len(lines)-1] != "" {
		fail("checkpoint body malformed: %q", n.Text)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 {
		fail("checkpoint size %q", lines[1])
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		fail("checkpoint root %q", lines[2])
	}
	var h tlog.Hash
	copy(h[:], raw)
	if lines[0] != verifier.Name() {
		fail("checkpoint origin %q is not the key name %q", lines[0], verifier.Name())
	}
	return checkpoint{lines[0], tlog.Tree{N: size, Hash: h}}
}

// tileServer reads C2SP tiles: sumdb's tile/8/L/N paths without the height segment.
type tileServer struct{ base string }

func (t tileServer) Height() int { return 8 }
func (t tileServer) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, tile := range tiles {
		path := "tile/" + strings.TrimPrefix(tile.Path(), "tile/8/")
		out[i] = get(t.base + "/log/" + path)
	}
	return out, nil
}
func (t tileServer) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

func main() {
	if len(os.Args) < 3 {
		fail("usage: logverify BASE_URL VKEY [OLD_CHECKPOINT_FILE]")
	}
	base, vkey := strings.TrimSuffix(os.Args[1], "/"), os.Args[2]
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		fail("vkey: %v", err)
	}
	cp := openCheckpoint(get(base+"/log/checkpoint"), verifier)
	size := cp.tree.N
	hashes := tlog.TileHashReader(cp.tree, tileServer{base})

	// Every entry, from the entry bundles, against the authenticated tiles.
	var entries [][]byte
	for n := int64(0); n*256 < size; n++ {
		w := size - n*256
		path := fmt.Sprintf("tile/entries/%s", strings.TrimPrefix(tlog.Tile{H: 8, L: 0, N: n, W: 256}.Path(), "tile/8/0/"))
		if w < 256 {
			path = fmt.Sprintf("tile/entries/%s", strings.TrimPrefix(tlog.Tile{H: 8, L: 0, N: n, W: int(w)}.Path(), "tile/8/0/"))
		}
		bundle := get(base + "/log/" + path)
		for len(bundle) > 0 {
			if len(bundle) < 2 {
				fail("bundle %s: truncated length", path)
			}
			l := int(bundle[0])<<8 | int(bundle[1])
			if len(bundle) < 2+l {
				fail("bundle %s: truncated entry", path)
			}
			entries = append(entries, bundle[2:2+l])
			bundle = bundle[2+l:]
		}
	}
	if int64(len(entries)) != size {
		fail("bundles hold %d entries, checkpoint says %d", len(entries), size)
	}
	indexes := make([]int64, size)
	for i := range indexes {
		indexes[i] = tlog.StoredHashIndex(0, int64(i))
	}
	leafHashes, err := hashes.ReadHashes(indexes)
	if err != nil {
		fail("tiles: %v", err)
	}
	for i, e := range entries {
		if tlog.RecordHash(e) != leafHashes[i] {
			fail("entry %d does not match its tile hash", i)
		}
		if !bytes.HasPrefix(e, []byte("{")) {
			fail("entry %d is not a JSON object", i)
		}
	}
	root, err := tlog.TreeHash(size, hashes)
	if err != nil || root != cp.tree.Hash {
		fail("tree hash from tiles does not match the checkpoint: %v", err)
	}
	for i := int64(0); i < size; i++ {
		p, err := tlog.ProveRecord(size, i, hashes)
		if err != nil {
			fail("inclusion proof %d: %v", i, err)
		}
		if err := tlog.CheckRecord(p, size, cp.tree.Hash, i, leafHashes[i]); err != nil {
			fail("inclusion proof %d: %v", i, err)
		}
	}
	consistent := ""
	if len(os.Args) > 3 {
		oldMsg, err := os.ReadFile(os.Args[3])
		if err != nil {
			fail("old checkpoint: %v", err)
		}
		old := openCheckpoint(oldMsg, verifier)
		if old.tree.N > size {
			fail("old checkpoint (%d) is newer than the current one (%d)", old.tree.N, size)
		}
		p, err := tlog.ProveTree(size, old.tree.N, hashes)
		if err != nil {
			fail("consistency proof: %v", err)
		}
		if err := tlog.CheckTree(p, size, cp.tree.Hash, old.tree.N, old.tree.Hash); err != nil {
			fail("old checkpoint %d is not consistent with %d: %v", old.tree.N, size, err)
		}
		consistent = fmt.Sprintf(", consistent with checkpoint %d", old.tree.N)
	}
	fmt.Printf("logverify: %s size %d: signature, every tile, every entry and every inclusion proof verified%s\n",
		cp.origin, size, consistent)
}
