package fasttok

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotCached is the error (see errors.Is) of FromPretrained and ResolvePretrained
// when the model's tokenizer.json is not in the local Hugging Face cache.
var ErrNotCached = errors.New("not in the local Hugging Face cache (fasttok downloads nothing)")

// FromPretrained loads the tokenizer.json of a Hugging Face model from the local
// Hugging Face cache, where huggingface_hub (transformers' from_pretrained,
// `hf download`...) saved it; nothing is downloaded. See ResolvePretrained for the
// names it takes and where it looks.
func FromPretrained(name string) (*Tokenizer, error) {
	path, err := ResolvePretrained(name)
	if err != nil {
		return nil, err
	}
	return Load(path)
}

// ResolvePretrained returns the path of the tokenizer.json of the model name in the
// local Hugging Face cache, laid out as huggingface_hub lays it out
// (https://huggingface.co/docs/hub/local-cache and
// https://huggingface.co/docs/huggingface_hub/guides/manage-cache):
//
//   - name is a repository id, "gpt2" or "org/name", optionally followed by
//     "@revision": a branch or tag ("@main", "@v1.0", "@refs/pr/1") or a commit hash.
//   - The cache is $HF_HUB_CACHE, else $HUGGINGFACE_HUB_CACHE (its older name), else
//     $HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub, else
//     ~/.cache/huggingface/hub (a leading ~ in these variables is the home
//     directory, as huggingface_hub expands it).
//   - The repository is the folder models--org--name ("/" becomes "--").
//   - refs/REVISION (refs/main without "@revision") holds the commit hash whose
//     snapshot, snapshots/HASH/tokenizer.json, is the file. A revision that is a
//     40-hex commit hash names its snapshot directly.
//   - Without "@revision" and without refs/main (a cache filled by copying
//     snapshots, or a ref deleted), the one snapshot with a tokenizer.json is taken;
//     among several, the one whose tokenizer.json was modified last (the newest
//     download). A refs/main whose snapshot has no tokenizer.json is not found, as
//     in huggingface_hub: an older snapshot may be another version of the model.
//
// The error, when nothing is found, wraps ErrNotCached and lists every place looked
// at.
func ResolvePretrained(name string) (string, error) {
	repo, revision, explicit := strings.Cut(name, "@")
	if err := checkRepoID(repo); err != nil {
		return "", fmt.Errorf("fasttok: model name %q: %w", name, err)
	}
	if !explicit {
		revision = "main"
	} else if err := checkRevision(revision); err != nil {
		return "", fmt.Errorf("fasttok: model name %q: %w", name, err)
	}
	cache, from := hubCache()
	dir := filepath.Join(cache, "models--"+strings.ReplaceAll(repo, "/", "--"))
	var looked []string
	notFound := func() error {
		return fmt.Errorf("fasttok: tokenizer.json of %q %w; the cache is %s (%s); looked at:\n  %s\n"+
			"(to fetch it: hf download %s tokenizer.json)",
			name, ErrNotCached, cache, from, strings.Join(looked, "\n  "), repo)
	}
	if isCommitHash(revision) {
		path := filepath.Join(dir, "snapshots", revision, "tokenizer.json")
		if fileExists(path) {
			return path, nil
		}
		looked = append(looked, path+": no such file")
		return "", notFound()
	}
	ref := filepath.Join(dir, "refs", filepath.FromSlash(revision))
	data, err := os.ReadFile(ref)
	switch {
	case err == nil:
		// huggingface_hub writes a commit hash; any name that stays in snapshots/ is
		// taken.
		hash := strings.TrimSpace(string(data))
		if hash == "" || strings.ContainsAny(hash, `/\`) || hash == "." || hash == ".." {
			looked = append(looked, fmt.Sprintf("%s: not a commit hash: %q", ref, hash))
			return "", notFound()
		}
		path := filepath.Join(dir, "snapshots", hash, "tokenizer.json")
		if fileExists(path) {
			return path, nil
		}
		// As huggingface_hub (offline), a ref whose snapshot lacks the file is not
		// found: another snapshot may be another version of the model.
		looked = append(looked, ref+": "+hash, path+": no such file")
		return "", notFound()
	case errors.Is(err, os.ErrNotExist):
		looked = append(looked, ref+": no such file")
		if explicit {
			return "", notFound()
		}
	default:
		looked = append(looked, ref+": "+err.Error())
		return "", notFound()
	}
	// No usable refs/main: the snapshot with a tokenizer.json, the newest if several.
	snapshots := filepath.Join(dir, "snapshots")
	entries, err := os.ReadDir(snapshots)
	if err != nil {
		looked = append(looked, snapshots+": "+describe(err))
		return "", notFound()
	}
	best, bestTime := "", int64(0)
	for _, e := range entries {
		path := filepath.Join(snapshots, e.Name(), "tokenizer.json")
		fi, err := os.Stat(path) // follows the symlink to the blob
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		// Newest first; equal times: the greatest name, for a stable choice.
		if t := fi.ModTime().UnixNano(); best == "" || t > bestTime || (t == bestTime && path > best) {
			best, bestTime = path, t
		}
	}
	if best == "" {
		looked = append(looked, filepath.Join(snapshots, "*", "tokenizer.json")+": none")
		return "", notFound()
	}
	return best, nil
}

// hubCache returns the Hugging Face hub cache directory and what set it.
func hubCache() (dir, from string) {
	for _, v := range []string{"HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"} {
		if d := os.Getenv(v); d != "" {
			return expandHome(d), "$" + v
		}
	}
	if d := os.Getenv("HF_HOME"); d != "" {
		return filepath.Join(expandHome(d), "hub"), "$HF_HOME/hub"
	}
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(expandHome(d), "huggingface", "hub"), "$XDG_CACHE_HOME/huggingface/hub"
	}
	home, err := os.UserHomeDir()
	if err != nil {
		home = "~"
	}
	return filepath.Join(home, ".cache", "huggingface", "hub"), "the default, ~/.cache/huggingface/hub"
}

// expandHome replaces a leading ~ by the home directory, as Python's expanduser.
func expandHome(p string) string {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return p
	}
	return filepath.Join(home, p[1:])
}

// checkRepoID accepts the repository ids huggingface_hub's validate_repo_id accepts:
// "name" or "namespace/name", each of letters, digits, '-', '_' and '.', without
// "--" or ".." and not starting or ending with '-' or '.', at most 96 characters.
func checkRepoID(id string) error {
	if id == "" {
		return errors.New("empty repository id")
	}
	if len(id) > 96 {
		return errors.New("repository id longer than 96 characters")
	}
	parts := strings.Split(id, "/")
	if len(parts) > 2 {
		return errors.New(`a repository id is "name" or "namespace/name"`)
	}
	if strings.Contains(id, "--") || strings.Contains(id, "..") {
		return errors.New(`a repository id cannot contain "--" or ".."`)
	}
	for _, p := range parts {
		if p == "" {
			return errors.New("empty part in repository id")
		}
		for _, c := range []byte(p) {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
				return fmt.Errorf("character %q not allowed in a repository id", c)
			}
		}
		if strings.IndexByte("-.", p[0]) >= 0 || strings.IndexByte("-.", p[len(p)-1]) >= 0 {
			return errors.New("a repository id part cannot start or end with '-' or '.'")
		}
	}
	return nil
}

// checkRevision refuses revisions that would leave the repository's refs folder.
func checkRevision(rev string) error {
	if rev == "" {
		return errors.New("empty revision after '@'")
	}
	if strings.HasPrefix(rev, "/") || strings.Contains(rev, `\`) {
		return fmt.Errorf("invalid revision %q", rev)
	}
	for _, p := range strings.Split(rev, "/") {
		if p == "" || p == "." || p == ".." {
			return fmt.Errorf("invalid revision %q", rev)
		}
	}
	return nil
}

// isCommitHash reports whether s is a full commit hash (40 lowercase hex digits).
func isCommitHash(s string) bool {
	if len(s) != 40 {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func fileExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

func describe(err error) string {
	if errors.Is(err, os.ErrNotExist) {
		return "no such directory"
	}
	return err.Error()
}
