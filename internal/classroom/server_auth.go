package classroom

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"
)

// Who gets in:
//   - a student (any valid name but "teacher"): with no class password, at
//     once (SSH's "none" method: no prompt, no key needed); with one, by
//     typing it;
//   - the teacher (the name "teacher"): with a key of TeacherKeys, or with
//     Token as the password. Never without one of them.
//
// A name that is not valid still gets in, to be told so in one line by the
// session (a refusal at login would only say "Permission denied").

// sshConfig lets students in without a password when the class has none
// (the "none" method), and nobody else.
func (s *Server) sshConfig(ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{
		NoClientAuth: true,
		NoClientAuthCallback: func(c gossh.ConnMetadata) (*gossh.Permissions, error) {
			if isTeacher(c.User()) || s.cfg.Password != "" {
				return nil, errors.New("a password or key is needed")
			}
			return &gossh.Permissions{}, nil
		},
	}
}

// passwordAuth checks the teacher's token, or a student's class password.
func (s *Server) passwordAuth(ctx ssh.Context, password string) bool {
	if isTeacher(ctx.User()) {
		ok := s.cfg.Token != "" && same(password, s.cfg.Token)
		switch {
		case !ok && s.cfg.Token == "":
			s.logf("refused a teacher's login from %s: a password, but the teacher logs in with a key here", ctx.RemoteAddr())
		case !ok:
			s.logf("refused a teacher's login from %s: wrong token", ctx.RemoteAddr())
		}
		return ok
	}
	return s.cfg.Password == "" || same(password, s.cfg.Password)
}

// teacherKeyAuth lets in the teacher with one of keys.
func (s *Server) teacherKeyAuth(ctx ssh.Context, key ssh.PublicKey, keys []gossh.PublicKey) bool {
	if !isTeacher(ctx.User()) {
		return false
	}
	for _, k := range keys {
		if ssh.KeysEqual(key, k) {
			return true
		}
	}
	return false
}

// same compares a secret in constant time.
func same(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func isTeacher(user string) bool { return strings.EqualFold(user, Teacher) }

// MaxNameLen is the longest name a student may log in with.
const MaxNameLen = 32

// validName matches the names conclab takes (after lower-casing): they
// name a directory, and the room lists them.
var validName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,` + strconv.Itoa(MaxNameLen-1) + `}$`)

// NameOf is the name a login is kept under (lower case: Ada and ada are
// one student) and whether it is valid; the reason when it is not is one
// line for the student.
func NameOf(user string) (name string, err error) {
	name = strings.ToLower(user)
	if !validName.MatchString(name) {
		return "", fmt.Errorf("%q is not a name conclab takes: use 1 to %d letters, digits, '.', '-' or '_', starting with a letter or a digit", user, MaxNameLen)
	}
	return name, nil
}

// readAuthorizedKeys reads the keys of an authorized_keys file ("" reads
// none); a file with no key is an error, as is a line that is not a key.
func readAuthorizedKeys(path string) ([]gossh.PublicKey, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("teacher key: %w", err)
	}
	var keys []gossh.PublicKey
	for n, line := range bytes.Split(b, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		k, _, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("teacher key %s, line %d: not a public key (e.g. the contents of ~/.ssh/id_ed25519.pub): %w", path, n+1, err)
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("teacher key %s has no key in it (e.g. copy ~/.ssh/id_ed25519.pub)", path)
	}
	return keys, nil
}

// hostKey is wish's host key option for path (the key created there when
// missing), its errors saying which file.
func hostKey(path string) ssh.Option {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return func(*ssh.Server) error { return fmt.Errorf("host key %s is a directory, not a key file", path) }
	}
	opt := wish.WithHostKeyPath(path)
	return func(srv *ssh.Server) error {
		if err := opt(srv); err != nil {
			return fmt.Errorf("host key %s: %w", path, err)
		}
		return nil
	}
}

// tokenAlphabet has no letters that read alike (0/o, 1/l/i).
const tokenAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// NewToken returns a random teacher's token to type: three groups of four
// characters (about 59 bits), e.g. "k7qm-x3fp-9tzd".
func NewToken() string {
	b := make([]byte, 12)
	rand.Read(b) //nolint:errcheck // crypto/rand.Read never fails (Go 1.24+)
	var out strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			out.WriteByte('-')
		}
		out.WriteByte(tokenAlphabet[int(c)%len(tokenAlphabet)])
	}
	return out.String()
}
