package exercise

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Expr is a check's assertion: comparisons of measurements with numbers,
// true/false and each other, joined by && and ||, in parentheses as needed.
// It is parsed and type-checked once against the engine's measurements, so
// Eval can only fail when the runner did not measure a name.
type Expr struct{ root *node }

// node is one part of the tree: a literal, a measurement name, or an
// operator with two operands.
type node struct {
	op     string // "" for leaves; "&&", "||", "==", "!=", "<", "<=", ">", ">="
	name   string // a measurement, for a name leaf
	lit    *Value // a number or flag literal
	kind   Kind
	l, r   *node
	column int // 1-based, where the node starts, for messages
}

const (
	maxExprTokens = 200
	maxExprDepth  = 20 // nested parentheses; deeper is a mistake, not a check
)

// ParseExpr reads an assertion for engine e. Errors name the column.
func ParseExpr(e Engine, text string) (Expr, error) {
	toks, err := lex(text)
	if err != nil {
		return Expr{}, err
	}
	if len(toks) > maxExprTokens {
		return Expr{}, fmt.Errorf("assertion is too long: split it into several checks")
	}
	p := &exprParser{engine: e, toks: toks}
	n, err := p.or(0)
	if err != nil {
		return Expr{}, err
	}
	if t := p.peek(); t.kind != tEnd {
		return Expr{}, fmt.Errorf("column %d: unexpected %q (join comparisons with && or ||)", t.column, t.text)
	}
	if n.kind != Flag {
		return Expr{}, fmt.Errorf("column %d: an assertion must be true or false; compare the number, as in \"%s == 0\"", n.column, n.String())
	}
	return Expr{n}, nil
}

// MustParseExpr is ParseExpr for expressions known to be right, in tests
// and code.
func MustParseExpr(e Engine, text string) Expr {
	x, err := ParseExpr(e, text)
	if err != nil {
		panic(err)
	}
	return x
}

// String writes the expression back with single spaces and only the
// parentheses it needs; it parses to the same expression.
func (x Expr) String() string {
	if x.root == nil {
		return ""
	}
	return x.root.String()
}

// Names lists the measurements the expression reads, each once, in order.
func (x Expr) Names() []string {
	var names []string
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil {
			return
		}
		if n.name != "" && !slices.Contains(names, n.name) {
			names = append(names, n.name)
		}
		walk(n.l)
		walk(n.r)
	}
	walk(x.root)
	return names
}

// Eval computes the assertion over one run's measurements. It fails when a
// name it reads is missing or of the wrong kind: the runner's bug, not the
// learner's, so it must not read as "not yet".
func (x Expr) Eval(m Measurements) (bool, error) {
	if x.root == nil {
		return false, fmt.Errorf("empty assertion")
	}
	v, err := x.root.eval(m)
	return v.Bool, err
}

func (n *node) eval(m Measurements) (Value, error) {
	switch {
	case n.lit != nil:
		return *n.lit, nil
	case n.name != "":
		v, ok := m[n.name]
		if !ok {
			return Value{}, fmt.Errorf("measurement %q was not measured", n.name)
		}
		if v.Kind != n.kind {
			return Value{}, fmt.Errorf("measurement %q is %s, want %s", n.name, v.Kind, n.kind)
		}
		return v, nil
	}
	l, err := n.l.eval(m)
	if err != nil {
		return Value{}, err
	}
	// && and || short-circuit, so a missing name on the other side only
	// matters when it decides the result.
	if n.op == "&&" && !l.Bool || n.op == "||" && l.Bool {
		return l, nil
	}
	r, err := n.r.eval(m)
	if err != nil {
		return Value{}, err
	}
	if n.op == "&&" || n.op == "||" {
		return r, nil
	}
	return FlagValue(compare(n.op, l, r)), nil
}

func compare(op string, l, r Value) bool {
	if l.Kind == Flag {
		return (l.Bool == r.Bool) == (op == "==")
	}
	a, b := l.Num, r.Num
	switch op {
	case "==":
		return a == b
	case "!=":
		return a != b
	case "<":
		return a < b
	case "<=":
		return a <= b
	case ">":
		return a > b
	}
	return a >= b
}

// precedence: || binds loosest, comparisons tightest.
func precedence(op string) int {
	switch op {
	case "||":
		return 1
	case "&&":
		return 2
	case "":
		return 4
	}
	return 3
}

func (n *node) String() string {
	switch {
	case n.lit != nil && n.lit.Kind == Flag:
		return strconv.FormatBool(n.lit.Bool)
	case n.lit != nil:
		return strconv.FormatFloat(n.lit.Num, 'f', -1, 64)
	case n.name != "":
		return n.name
	}
	// && and || group to the left, so a right operand of the same level
	// needs parentheses to keep its grouping; comparisons do not chain, so
	// an operator inside one always does.
	l, r := n.l.String(), n.r.String()
	p := precedence(n.op)
	if lp := precedence(n.l.op); lp < p || lp == 3 && p == 3 {
		l = "(" + l + ")"
	}
	if precedence(n.r.op) <= p {
		r = "(" + r + ")"
	}
	return l + " " + n.op + " " + r
}

// Tokens.

type tokKind int

const (
	tEnd tokKind = iota
	tName
	tNumber
	tOp
	tOpen
	tClose
)

type token struct {
	kind   tokKind
	text   string
	column int
}

func lex(s string) ([]token, error) {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		start := i
		switch {
		case c == ' ' || c == '\t':
			i++
			continue
		case c == '(' || c == ')':
			i++
			toks = append(toks, token{map[byte]tokKind{'(': tOpen, ')': tClose}[c], s[start:i], start + 1})
			continue
		case isLetter(c):
			for i < len(s) && (isLetter(s[i]) || isDigit(s[i])) {
				i++
			}
			toks = append(toks, token{tName, s[start:i], start + 1})
			continue
		case isDigit(c):
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
				for i++; i < len(s) && isDigit(s[i]); i++ {
				}
			}
			toks = append(toks, token{tNumber, s[start:i], start + 1})
			continue
		}
		op := ""
		for _, o := range []string{"&&", "||", "==", "!=", "<=", ">=", "<", ">"} {
			if strings.HasPrefix(s[i:], o) {
				op = o
				break
			}
		}
		if op == "" {
			return nil, fmt.Errorf("column %d: unexpected %q (assertions use names, numbers, true, false, == != < <= > >=, && || and parentheses)", start+1, string(rune(c)))
		}
		i += len(op)
		toks = append(toks, token{tOp, op, start + 1})
	}
	return append(toks, token{kind: tEnd, text: "end of assertion", column: len(s) + 1}), nil
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// Parser: recursive descent, one function per precedence level.

type exprParser struct {
	engine Engine
	toks   []token
	pos    int
}

func (p *exprParser) peek() token { return p.toks[p.pos] }
func (p *exprParser) next() token { t := p.toks[p.pos]; p.pos++; return t }

func (p *exprParser) or(depth int) (*node, error)  { return p.logical(depth, "||", p.and) }
func (p *exprParser) and(depth int) (*node, error) { return p.logical(depth, "&&", p.comparison) }

func (p *exprParser) logical(depth int, op string, operand func(int) (*node, error)) (*node, error) {
	l, err := operand(depth)
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tOp && p.peek().text == op {
		t := p.next()
		r, err := operand(depth)
		if err != nil {
			return nil, err
		}
		for _, side := range []*node{l, r} {
			if side.kind != Flag {
				return nil, fmt.Errorf("column %d: %s joins true/false parts, but %q is a number; compare it, as in \"%s > 0\"", t.column, op, side.String(), side.String())
			}
		}
		l = &node{op: op, l: l, r: r, kind: Flag, column: l.column}
	}
	return l, nil
}

func (p *exprParser) comparison(depth int) (*node, error) {
	l, err := p.operand(depth)
	if err != nil {
		return nil, err
	}
	t := p.peek()
	if t.kind != tOp || t.text == "&&" || t.text == "||" {
		return l, nil
	}
	p.next()
	r, err := p.operand(depth)
	if err != nil {
		return nil, err
	}
	switch {
	case l.kind != r.kind:
		return nil, fmt.Errorf("column %d: %s compares %s %q with %s %q", t.column, t.text, l.kind, l.String(), r.kind, r.String())
	case l.kind == Flag && t.text != "==" && t.text != "!=":
		return nil, fmt.Errorf("column %d: true/false values compare only with == or !=, not %s", t.column, t.text)
	}
	if u := p.peek(); u.kind == tOp && u.text != "&&" && u.text != "||" {
		return nil, fmt.Errorf("column %d: comparisons do not chain; join them with &&", u.column)
	}
	return &node{op: t.text, l: l, r: r, kind: Flag, column: l.column}, nil
}

func (p *exprParser) operand(depth int) (*node, error) {
	if depth > maxExprDepth {
		return nil, fmt.Errorf("column %d: assertion is nested too deeply", p.peek().column)
	}
	t := p.next()
	switch t.kind {
	case tOpen:
		n, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tClose {
			return nil, fmt.Errorf("column %d: expected \")\" to close the \"(\" at column %d, found %q", c.column, t.column, c.text)
		}
		return n, nil
	case tNumber:
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, fmt.Errorf("column %d: bad number %q", t.column, t.text)
		}
		v := NumberValue(f)
		return &node{lit: &v, kind: Number, column: t.column}, nil
	case tName:
		if t.text == "true" || t.text == "false" {
			v := FlagValue(t.text == "true")
			return &node{lit: &v, kind: Flag, column: t.column}, nil
		}
		m, ok := measurement(p.engine, t.text)
		if !ok {
			return nil, fmt.Errorf("column %d: unknown %s measurement %q (known: %s)", t.column, p.engine, t.text, measurementNames(p.engine))
		}
		if m.Kind == Text {
			return nil, fmt.Errorf("column %d: %q is text, for messages only; an assertion cannot compare it", t.column, t.text)
		}
		return &node{name: t.text, kind: m.Kind, column: t.column}, nil
	}
	return nil, fmt.Errorf("column %d: expected a measurement, number, true or false, found %q", t.column, t.text)
}
