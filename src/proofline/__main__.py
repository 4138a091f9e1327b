"""`python -m proofline`: the same command line as the `proofline` script."""

from proofline.cli import main

if __name__ == "__main__":
    main()
