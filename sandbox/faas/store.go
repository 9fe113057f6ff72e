package faas

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Store is the shared key-value service that outlives environments: the
// demo's stand-in for DynamoDB or Redis. It is a real HTTP server on
// 127.0.0.1, so each increment is a measured network round trip. Each
// environment reaches it over its own connection, held while the
// environment lives, and the store counts its open connections as a
// database counts its clients (Snapshot.StoreConns, MaxStoreConns).
//
//	POST /incr/{key}  add one, answer {"key":..., "value":n}
//	GET  /get/{key}   answer the value
//	POST /reset       forget everything
type Store struct {
	srv  *http.Server
	addr string
	done chan struct{}

	mu     sync.Mutex
	values map[string]int64
	conns  int // open client connections, as the server sees them
	most   int // the most conns at once
}

// StoreValue is the body of the store's answers.
type StoreValue struct {
	Key   string `json:"key"`
	Value int64  `json:"value"`
}

// StartStore listens on a free port of 127.0.0.1.
func StartStore() (*Store, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("shared store: %w", err)
	}
	s := &Store{addr: ln.Addr().String(), values: map[string]int64{}, done: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /incr/{key}", func(w http.ResponseWriter, r *http.Request) {
		key := r.PathValue("key")
		s.mu.Lock()
		s.values[key]++
		v := s.values[key]
		s.mu.Unlock()
		writeValue(w, key, v)
	})
	mux.HandleFunc("GET /get/{key}", func(w http.ResponseWriter, r *http.Request) {
		key := r.PathValue("key")
		s.mu.Lock()
		v := s.values[key]
		s.mu.Unlock()
		writeValue(w, key, v)
	})
	mux.HandleFunc("POST /reset", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		clear(s.values)
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ConnState: s.track}
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			// Every later call reports an error; the cause is only here.
			slog.Warn("faas: the shared store stopped serving", "err", err)
		}
	}()
	return s, nil
}

func writeValue(w http.ResponseWriter, key string, v int64) {
	body, _ := json.Marshal(StoreValue{Key: key, Value: v})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

// track counts the open connections, as a database counts its clients.
func (s *Store) track(_ net.Conn, st http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch st {
	case http.StateNew:
		s.conns++
		s.most = max(s.most, s.conns)
	case http.StateClosed, http.StateHijacked:
		s.conns--
	}
}

// Connections are the open connections now and the most at once.
func (s *Store) Connections() (open, most int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns, s.most
}

// Addr is host:port of the store.
func (s *Store) Addr() string { return s.addr }

// Close stops the server.
func (s *Store) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	<-s.done
	return err
}

// storeClient talks to a Store over HTTP.
type storeClient struct {
	http *http.Client
	base string
}

func (c storeClient) call(ctx context.Context, method, path string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, fmt.Errorf("shared store: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNoContent {
		return 0, nil
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("shared store: %s %s: %s", method, path, resp.Status)
	}
	var v StoreValue
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return 0, fmt.Errorf("shared store: %w", err)
	}
	return v.Value, nil
}

// envStoreClient is an environment's own client: one connection, kept open
// (no idle timeout) until the environment goes.
func (e *Engine) envStoreClient() storeClient {
	tr := &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1}
	return storeClient{http: &http.Client{Transport: tr}, base: "http://" + e.store.Addr()}
}

func (c storeClient) incr(ctx context.Context, key string) (int64, error) {
	return c.call(ctx, http.MethodPost, "/incr/"+key)
}

func (c storeClient) reset(ctx context.Context) error {
	_, err := c.call(ctx, http.MethodPost, "/reset")
	return err
}
