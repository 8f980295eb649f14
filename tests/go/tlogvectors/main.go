// Prints the same vectors as tests/tlog_vectors.cpp, computed by Go's golang.org/x/mod/sumdb/tlog
// (Debian golang-golang-x-mod-dev), so that a third-party implementation checks openkp's hashing,
// proofs and tiles. Build: GO111MODULE=off GOPATH=/usr/share/gocode go build.
package main

import (
	"crypto/sha256"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

type hashStore []tlog.Hash

func (s hashStore) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		out[i] = s[x]
	}
	return out, nil
}

func hexList(hs []tlog.Hash) string {
	if len(hs) == 0 {
		return "-"
	}
	parts := make([]string, len(hs))
	for i, h := range hs {
		parts[i] = fmt.Sprintf("%x", h[:])
	}
	return strings.Join(parts, ",")
}

func main() {
	var sizes []int64
	for n := int64(1); n <= 70; n++ {
		sizes = append(sizes, n)
	}
	sizes = append(sizes, 255, 256, 257, 511, 512, 513, 1000, 65536, 65537, 70000)
	max := sizes[len(sizes)-1]
	var store hashStore
	for i := int64(0); i < max; i++ {
		hs, err := tlog.StoredHashes(i, []byte(fmt.Sprintf("entry %d", i)), store)
		if err != nil {
			panic(err)
		}
		store = append(store, hs...)
	}
	for _, n := range sizes {
		root, err := tlog.TreeHash(n, store)
		if err != nil {
			panic(err)
		}
		fmt.Printf("root %d %x\n", n, root[:])
		for _, i := range []int64{0, n / 2, n - 1} {
			p, err := tlog.ProveRecord(n, i, store)
			if err != nil {
				panic(err)
			}
			if err := tlog.CheckRecord(p, n, root, i, tlog.RecordHash([]byte(fmt.Sprintf("entry %d", i)))); err != nil {
				panic(err)
			}
			fmt.Printf("incl %d %d %s\n", i, n, hexList(p))
		}
		for _, m := range []int64{1, n / 3, n / 2, n - 1} {
			if m == 0 || m > n {
				continue
			}
			var p tlog.TreeProof
			if m < n {
				p, err = tlog.ProveTree(n, m, store)
				if err != nil {
					panic(err)
				}
				old, _ := tlog.TreeHash(m, store)
				if err := tlog.CheckTree(p, n, root, m, old); err != nil {
					panic(err)
				}
			}
			fmt.Printf("cons %d %d %s\n", m, n, hexList(p))
		}
	}
	for _, n := range []int64{1000, 70000} {
		tiles := tlog.NewTiles(8, 0, n)
		// x/mod lists tiles level by level like openkp; sort the same way to be sure.
		sort.SliceStable(tiles, func(a, b int) bool {
			if tiles[a].L != tiles[b].L {
				return tiles[a].L < tiles[b].L
			}
			return tiles[a].N < tiles[b].N
		})
		for _, t := range tiles {
			// NewTiles also lists the partial tiles of every intermediate size; keep the
			// tiles of a tree of size n: full ones, and the right-edge partial one per level.
			count := n >> (8 * uint(t.L))
			if t.W < 256 && (t.N != count/256 || int64(t.W) != count%256) {
				continue
			}
			data, err := tlog.ReadTileData(t, store)
			if err != nil {
				panic(err)
			}
			// sumdb paths carry the height ("tile/8/L/N"); C2SP paths do not ("tile/L/N").
			path := "tile/" + strings.TrimPrefix(t.Path(), "tile/8/")
			fmt.Printf("tile %d %s %x\n", n, path, sha256.Sum256(data))
		}
	}
}
