"""The course's set-up: finds or installs Python 3.11 and uv, and builds the environment from the lock.

`make setup`, `make check-python` and `make lock` call it as `python3 -m setup ...` with whatever
python3 the machine has (3.8 or newer), so it uses the standard library only.
"""
