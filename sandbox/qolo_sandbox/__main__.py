"""`python -m qolo_sandbox`: the same as the `qolo-sandbox` command."""

from ._cli import main

if __name__ == "__main__":
    main()
