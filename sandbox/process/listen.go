package process

import "net"

// listenLoopback opens a listener on a free 127.0.0.1 port, for a child to
// serve on.
func listenLoopback() (*net.TCPListener, int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, 0, err
	}
	tl := ln.(*net.TCPListener)
	return tl, tl.Addr().(*net.TCPAddr).Port, nil
}
