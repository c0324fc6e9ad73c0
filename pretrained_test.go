package fasttok_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fasttok/fasttok"
)

const (
	hashA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	hashB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
)

// fakeCache lays out a Hugging Face hub cache in dir as huggingface_hub does: for each
// snapshot hash of repo, snapshots/HASH/tokenizer.json, a symbolic link to a file of
// blobs/; refs maps ref names to hashes.
func fakeCache(t *testing.T, dir, repo string, refs map[string]string, snapshots ...string) string {
	t.Helper()
	repoDir := filepath.Join(dir, "models--"+strings.ReplaceAll(repo, "/", "--"))
	tok, err := os.ReadFile(filepath.Join("testdata", "example", "tokenizer.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(repoDir, "blobs"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, h := range snapshots {
		d := filepath.Join(repoDir, "snapshots", h)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		blob := "blob-" + h
		if err := os.WriteFile(filepath.Join(repoDir, "blobs", blob), tok, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join("..", "..", "blobs", blob), filepath.Join(d, "tokenizer.json")); err != nil {
			t.Fatal(err)
		}
	}
	for ref, h := range refs {
		p := filepath.Join(repoDir, "refs", filepath.FromSlash(ref))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(h), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return repoDir
}

// clearHFEnv unsets the variables that choose the cache (restored after the test).
func clearHFEnv(t *testing.T) {
	for _, v := range []string{"HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME"} {
		t.Setenv(v, "")
	}
}

func TestResolvePretrainedCacheLocation(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string // relative values are under the test's directory
		sub  string            // the cache, relative to the test's directory
	}{
		{"HF_HUB_CACHE", map[string]string{"HF_HUB_CACHE": "hub1", "HF_HOME": "home", "XDG_CACHE_HOME": "xdg"}, "hub1"},
		{"HUGGINGFACE_HUB_CACHE", map[string]string{"HUGGINGFACE_HUB_CACHE": "hub2", "HF_HOME": "home"}, "hub2"},
		{"HF_HOME", map[string]string{"HF_HOME": "home", "XDG_CACHE_HOME": "xdg"}, "home/hub"},
		{"XDG_CACHE_HOME", map[string]string{"XDG_CACHE_HOME": "xdg"}, "xdg/huggingface/hub"},
		{"HOME", map[string]string{"HOME": "user"}, "user/.cache/huggingface/hub"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clearHFEnv(t)
			root := t.TempDir()
			for k, v := range tc.env {
				t.Setenv(k, filepath.Join(root, v))
			}
			cache := filepath.Join(root, filepath.FromSlash(tc.sub))
			repoDir := fakeCache(t, cache, "gpt2", map[string]string{"main": hashA}, hashA)
			got, err := fasttok.ResolvePretrained("gpt2")
			if err != nil {
				t.Fatal(err)
			}
			want := filepath.Join(repoDir, "snapshots", hashA, "tokenizer.json")
			if got != want {
				t.Errorf("got %s, want %s", got, want)
			}
		})
	}
}

func TestResolvePretrainedRevisions(t *testing.T) {
	clearHFEnv(t)
	cache := t.TempDir()
	t.Setenv("HF_HUB_CACHE", cache)
	repoDir := fakeCache(t, cache, "org/model", map[string]string{"main": hashA, "v1": hashB, "refs/pr/1": hashB}, hashA, hashB)
	snap := func(h string) string { return filepath.Join(repoDir, "snapshots", h, "tokenizer.json") }
	tests := []struct{ name, want string }{
		{"org/model", snap(hashA)},
		{"org/model@main", snap(hashA)},
		{"org/model@v1", snap(hashB)},
		{"org/model@refs/pr/1", snap(hashB)},
		{"org/model@" + hashB, snap(hashB)},
	}
	for _, tc := range tests {
		got, err := fasttok.ResolvePretrained(tc.name)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
		} else if got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestResolvePretrainedWithoutRef(t *testing.T) {
	clearHFEnv(t)
	cache := t.TempDir()
	t.Setenv("HF_HUB_CACHE", cache)
	repoDir := fakeCache(t, cache, "org/model", nil, hashA, hashB)
	// hashA's tokenizer.json is the newest download.
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(repoDir, "snapshots", hashB, "tokenizer.json"), old, old); err != nil {
		t.Fatal(err)
	}
	// A snapshot without tokenizer.json does not count.
	if err := os.MkdirAll(filepath.Join(repoDir, "snapshots", "cccccccccccccccccccccccccccccccccccccccc"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := fasttok.ResolvePretrained("org/model")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(repoDir, "snapshots", hashA, "tokenizer.json"); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	// An explicit revision does not fall back.
	if _, err := fasttok.ResolvePretrained("org/model@main"); !errors.Is(err, fasttok.ErrNotCached) {
		t.Errorf("org/model@main without refs/main: got %v, want ErrNotCached", err)
	}
}

func TestResolvePretrainedErrors(t *testing.T) {
	clearHFEnv(t)
	cache := t.TempDir()
	t.Setenv("HF_HUB_CACHE", cache)
	fakeCache(t, cache, "org/model", map[string]string{"main": hashB}, hashA)
	tests := []struct {
		name    string
		cached  bool     // the error wraps ErrNotCached
		mention []string // in the error
	}{
		{"missing", true, []string{"models--missing", "refs", "main: no such file", "snapshots: no such directory"}},
		{"org/model", true, []string{"refs", hashB, "no such file"}}, // refs/main names a snapshot that is not there
		{"org/model@v9", true, []string{"refs", "v9: no such file"}},
		{"org/model@" + hashB, true, []string{hashB}},
		{"", false, []string{"empty"}},
		{"../x", false, []string{"repository id"}},
		{"a/b/c", false, []string{"namespace/name"}},
		{"a--b", false, []string{"--"}},
		{"org/model@../../x", false, []string{"revision"}},
		{"org/model@", false, []string{"revision"}},
	}
	for _, tc := range tests {
		_, err := fasttok.ResolvePretrained(tc.name)
		if err == nil {
			t.Errorf("%q: no error", tc.name)
			continue
		}
		if errors.Is(err, fasttok.ErrNotCached) != tc.cached {
			t.Errorf("%q: errors.Is(err, ErrNotCached) = %v: %v", tc.name, !tc.cached, err)
		}
		for _, m := range tc.mention {
			if !strings.Contains(err.Error(), m) {
				t.Errorf("%q: error does not mention %q: %v", tc.name, m, err)
			}
		}
		if tc.cached && !strings.Contains(err.Error(), cache) {
			t.Errorf("%q: error does not name the cache %s: %v", tc.name, cache, err)
		}
	}
}

func TestFromPretrained(t *testing.T) {
	clearHFEnv(t)
	cache := t.TempDir()
	t.Setenv("HF_HOME", filepath.Dir(cache))
	t.Setenv("HF_HUB_CACHE", cache)
	fakeCache(t, cache, "fasttok/example", map[string]string{"main": hashA}, hashA)
	tok, err := fasttok.FromPretrained("fasttok/example")
	if err != nil {
		t.Fatal(err)
	}
	want, err := fasttok.Load(filepath.Join("testdata", "example", "tokenizer.json"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := tok.Encode("Hello, world!")
	if err != nil {
		t.Fatal(err)
	}
	b, err := want.Encode("Hello, world!")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(a.Tokens, " ") != strings.Join(b.Tokens, " ") {
		t.Errorf("got %v, want %v", a.Tokens, b.Tokens)
	}
}
