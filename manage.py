#!/usr/bin/env python
from carereview.cli import main

if __name__ == "__main__":
    main()
